import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { copaymentRatio } from "../../sim/onshi/copayment-ratio.ts";

describe("copay share by age (一部負担金割合)", () => {
  it("is 20% before school: until the April 1 after the 6th birthday (1 April birthdays start a year earlier)", () => {
    expect(copaymentRatio("20190401", "20250331")).toBe("020");
    expect(copaymentRatio("20190401", "20250401")).toBe("030");
    expect(copaymentRatio("20190402", "20250401")).toBe("020");
    expect(copaymentRatio("20190402", "20260331")).toBe("020");
    expect(copaymentRatio("20190402", "20260401")).toBe("030");
  });

  it("is 30% up to 69, 20% from the first of the month after the 70th birthday (the same month when born on the 1st)", () => {
    expect(copaymentRatio("19560515", "20260515")).toBe("030");
    expect(copaymentRatio("19560515", "20260531")).toBe("030");
    expect(copaymentRatio("19560515", "20260601")).toBe("020");
    expect(copaymentRatio("19560601", "20260531")).toBe("030");
    expect(copaymentRatio("19560601", "20260601")).toBe("020");
    expect(copaymentRatio("19560515", "20260601", "active")).toBe("030");
  });

  it("is 10% from the 75th birthday (後期高齢者), 20% for 一定以上所得 and 30% for 現役並み", () => {
    expect(copaymentRatio("19510131", "20260130")).toBe("020");
    expect(copaymentRatio("19510131", "20260131")).toBe("010");
    expect(copaymentRatio("19510131", "20260131", "general-high")).toBe("020");
    expect(copaymentRatio("19510131", "20260131", "active")).toBe("030");
  });

  test.prop([fc.date({ min: new Date("1920-01-01"), max: new Date("2026-12-31"), noInvalidDate: true }), fc.integer({ min: 0, max: 40_000 })])(
    "never goes up again after 75, and is always one of 010/020/030",
    (born, days) => {
      const b = born.toISOString().slice(0, 10).replaceAll("-", "");
      const on = new Date(born.getTime() + days * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
      const ratio = copaymentRatio(b, on);
      expect(["010", "020", "030"]).toContain(ratio);
      if (days > 76 * 366) expect(ratio).toBe("010");
    },
  );
});
