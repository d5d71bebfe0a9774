import { describe, expect, it } from "vitest";
import { parseDisplayReport } from "../../conformance/external/display-report.ts";
import { ExternalSetupError, vpcdSlotOf } from "../../conformance/external/run-external.ts";
import { fillCommand, unknownPlaceholder } from "../../conformance/external/vendor-process.ts";
import { isPart3ContactlessAtr, READER_REQUIREMENTS } from "../../conformance/requirements/reader-requirements.ts";
import { fromHex } from "../../sim/apdu/hex.ts";

describe("DUT external and pcsc:READER, the parts without pcscd", () => {
  it("parses a display report onto the trace clock and names every bad line", () => {
    const origin = Date.parse("2026-11-29T07:00:00.000Z");
    const text = [
      JSON.stringify({ t: "2026-11-29T07:00:01.250Z", state: "pin-wrong", kind: "input", title: "暗証番号が違います", lines: ["残り2回入力できます"] }),
      "not json",
      JSON.stringify({ t: "yesterday", state: "x", kind: "idle", title: "" }),
      JSON.stringify({ t: "2026-11-29T16:00:02+09:00", state: "error-006", kind: "error", title: "失効", code: "006", colour: "red" }),
      "",
    ].join("\n");
    const { screens, problems } = parseDisplayReport(text, origin);
    expect(screens).toEqual([{ at: 1250, state: "pin-wrong", kind: "input", title: "暗証番号が違います", lines: ["残り2回入力できます"], buttons: [] }]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^line 2: not JSON/);
    expect(problems[1]).toMatch(/^line 3: t /);
    expect(problems[2]).toMatch(/^line 4: .*colour/);
  });

  it("fills the command's placeholders without a shell and refuses unknown ones", () => {
    const values = { reader: "Virtual PCD 00 01", serviceUrl: "http://127.0.0.1:1", facilityCode: "1319000020", facilitySecretFile: "/s", pinFile: "/p", resultFolder: "/r", displayReport: "/d", answers: "/a", dataDir: "/data", scenario: "iphone-ok" };
    expect(fillCommand(["prog", "--reader={reader}", "{serviceUrl}/x", "$(rm -rf {dataDir})"], values)).toEqual(["prog", "--reader=Virtual PCD 00 01", "http://127.0.0.1:1/x", "$(rm -rf /data)"]);
    expect(unknownPlaceholder(["prog", "{reader}", "{pin}"])).toBe("{pin}");
    expect(unknownPlaceholder(["prog", "{reader}"])).toBeUndefined();
  });

  it("maps vpcd reader names to slots and refuses other readers", () => {
    expect(vpcdSlotOf("Virtual PCD 00 00")).toBe(0);
    expect(vpcdSlotOf("SONY FeliCa RC-S300/P 00 01")).toBe(1);
    expect(() => vpcdSlotOf("SONY FeliCa RC-S300/P")).toThrow(ExternalSetupError);
  });

  it("recognises PC/SC part-3 contactless ATRs by shape and TCK", () => {
    expect(isPart3ContactlessAtr(fromHex("3B8880010000 05E0B381A1007F".replace(/ /g, "")))).toBe(true);
    expect(isPart3ContactlessAtr(fromHex("3B8880010000 05E0B381A1007E".replace(/ /g, "")))).toBe(false);
    expect(isPart3ContactlessAtr(fromHex("3BE000FF8131FE4514"))).toBe(false);
  });

  it("numbers the reader-level requirements MYNA-RDR-001… with sources on docs/domain pages", () => {
    expect(READER_REQUIREMENTS.map((r) => r.id)).toEqual(READER_REQUIREMENTS.map((_, i) => `MYNA-RDR-${String(i + 1).padStart(3, "0")}`));
    for (const r of READER_REQUIREMENTS) for (const s of r.sources) expect(s.page).toMatch(/^docs\/domain\/[a-z-]+\.md#[a-z-]+$/);
  });
});
