import { describe, expect, it } from "vitest";
import { ALMEX_MYNA_TOUCH, CANON_FACR, findReaderModel, READER_MODELS, SCREEN_MACHINE } from "../../../sim/readers/face-auth/index.ts";

describe("face-auth reader models", () => {
  it("include the four public models; only Canon reads phones itself", () => {
    expect(READER_MODELS.map((m) => `${m.maker} ${m.model}`)).toEqual(["Panasonic XC-STFR1J-MN", "PFU Caora", "Almex マイナタッチ (Sma-pa)", "Canon FACR"]);
    expect(READER_MODELS.filter((m) => m.readsPhonesItself)).toEqual([CANON_FACR]);
  });

  it("carry the public values: lock after 10 failed face matches, 3-month alert and card grace; Almex's no-chip wording", () => {
    for (const m of READER_MODELS) {
      expect(m.faceLockAfterFailures).toBe(10);
      expect(m.expiryAlertMonths).toBe(3);
      expect(m.cardGraceMonths).toBe(3);
      expect(m.faceMatchThreshold).toBeGreaterThan(0);
      expect(m.faceMatchThreshold).toBeLessThanOrEqual(1);
      expect(m.modelled).toContain("timeouts");
      for (const field of m.modelled) expect(Object.keys(m)).toContain(field);
      for (const state of Object.keys(m.wording)) expect(SCREEN_MACHINE.states.map((s) => s.id)).toContain(state);
    }
    expect(ALMEX_MYNA_TOUCH.noChip).toBe("paper-card");
    expect(ALMEX_MYNA_TOUCH.wording["error-read-failed"]).toBe("読み取りに失敗しました");
    expect(READER_MODELS.filter((m) => m.noChip === "paper-card")).toEqual([ALMEX_MYNA_TOUCH]);
  });

  it("are found by id; an unknown id names the known ones", () => {
    expect(findReaderModel("canon-facr")).toBe(CANON_FACR);
    expect(() => findReaderModel("sharp")).toThrow(/panasonic-xc-stfr1j-mn.*canon-facr/);
  });
});
