import { describe, expect, it } from "vitest";
import { vpcdReaderPair, vpcdSlotOfName } from "../../sim/transport/vpcd-reader-names.ts";

describe("vpcd's two readers among pcscd's", () => {
  it("finds the '… 00 00' / '… 00 01' pair sharing one name, whatever the name", () => {
    expect(vpcdReaderPair(["Virtual PCD 00 00", "Virtual PCD 00 01"])).toEqual(["Virtual PCD 00 00", "Virtual PCD 00 01"]);
    expect(vpcdReaderPair(["SONY FeliCa RC-S300/P 00 00", "Real Reader 00 01", "SONY FeliCa RC-S300/P 00 01"])).toEqual(["SONY FeliCa RC-S300/P 00 00", "SONY FeliCa RC-S300/P 00 01"]);
  });

  it("finds none without both halves", () => {
    expect(vpcdReaderPair([])).toBeUndefined();
    expect(vpcdReaderPair(["Virtual PCD 00 00"])).toBeUndefined();
    expect(vpcdReaderPair(["A 00 00", "B 00 01"])).toBeUndefined();
  });

  it("reads the slot off a name", () => {
    expect(vpcdSlotOfName("Virtual PCD 00 00")).toBe(0);
    expect(vpcdSlotOfName("SONY FeliCa RC-S300/P 00 01")).toBe(1);
    expect(vpcdSlotOfName("ACS ACR122U 00 02")).toBeUndefined();
  });
});
