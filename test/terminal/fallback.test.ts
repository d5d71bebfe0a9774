import { describe, expect, it } from "vitest";
import { fallbackOptions, receiptInsuredNumber } from "../../sim/terminal/fallback.ts";

describe("fallbacks (docs/domain/fallbacks.md)", () => {
  it("offers the card, 資格確認書 and the Mynaportal screen or PDF when a phone read fails", () => {
    expect(fallbackOptions("phone-read-failed", { firstVisit: true })).toEqual(["physical-card", "eligibility-certificate", "mynaportal-screen", "mynaportal-pdf"]);
  });

  it("uses the self-declaration on a first visit and an oral check on a revisit when the system is down", () => {
    expect(fallbackOptions("system-unavailable", { firstVisit: true })).toContain("self-declaration");
    expect(fallbackOptions("system-unavailable", { firstVisit: true })).not.toContain("oral-check-revisit");
    expect(fallbackOptions("system-unavailable", { firstVisit: false })).toContain("oral-check-revisit");
  });

  it("follows the receipt-claim order (1)(2)(3) with the 不詳 '7' filler", () => {
    expect(receiptInsuredNumber({ fromInterview: "06139998", fromInvalidScreen: "01130012" })).toEqual({ source: 1, insurerNumber: "06139998" });
    expect(receiptInsuredNumber({ fromInvalidScreen: "01130012" })).toEqual({ source: 2, insurerNumber: "01130012" });
    const unknown = receiptInsuredNumber({ address: "東京都千代田区", contact: "03-0000-0000" });
    expect(unknown.source).toBe(3);
    expect(unknown.insurerNumber).toBe("77777777");
    expect(unknown.remarks).toContain("東京都千代田区");
    expect(receiptInsuredNumber({ fieldWidth: 6 }).insurerNumber).toBe("777777");
  });
});
