import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { fromHex, toHex } from "../../../sim/apdu/hex.ts";
import { MY_NUMBER_CARD_ATQB } from "../../../sim/jpki/index.ts";
import { ContactlessAtr, type ContactlessIdentity } from "../../../sim/apdu/index.ts";

function identity(appData: string, protocolInfo: string, pupi = "00000000"): ContactlessIdentity {
  return { type: "B", pupi: fromHex(pupi), applicationData: fromHex(appData), protocolInfo: fromHex(protocolInfo) };
}

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const anyIdentity = fc.record({ pupi: bytes(4), applicationData: bytes(4), protocolInfo: bytes(3) }).map((r): ContactlessIdentity => ({ type: "B", ...r }));

/** XOR of T0…TCK: 0 when TCK is right (ISO 7816-3). */
function xorAfterTs(atr: Uint8Array): number {
  return atr.subarray(1).reduce((x, b) => x ^ b, 0);
}

describe("ContactlessAtr: PC/SC part 3 ATRs for ISO 14443 Type B", () => {
  // Public examples from pcsc-tools' smartcard_list.txt (Debian pcsc-tools 1.6.2).
  test.each([
    ["Japanese JPKI card (My Number Card)", "000005E0", "B381A1", "3B888001000005E0B381A1007F"],
    ["My Number Card, second variant", "000041E0", "B381A1", "3B888001000041E0B381A1003B"],
    ["JUKICARD (Basic Resident Registration Card)", "000014E0", "B38191", "3B888001000014E0B38191005E"],
    ["German Personalausweis", "00000000", "000000", "3B888001000000000000000009"],
  ])("%s", (_name, appData, protocolInfo, expected) => {
    expect(toHex(ContactlessAtr.part3(identity(appData, protocolInfo)))).toBe(expected);
  });

  test("the card's ATQB constants give the JPKI ATR listed publicly", () => {
    expect(toHex(ContactlessAtr.part3({ type: "B", pupi: fromHex("01020304"), ...MY_NUMBER_CARD_ATQB }))).toBe("3B888001000005E0B381A1007F");
  });

  test("the MBLI goes into the high nibble of the 8th historical byte", () => {
    const atr = ContactlessAtr.part3(identity("000005E0", "B381A1"), 0x8);
    expect(toHex(atr)).toBe("3B888001000005E0B381A180FF");
    expect(() => ContactlessAtr.part3(identity("000005E0", "B381A1"), 16)).toThrow(RangeError);
  });

  test.each([
    // Readers that report the whole ATQB (50, PUPI, application data, protocol info): pcsc-tools entries.
    ["Mobib", "01BA137E", "00000000", "B37171", "3B8C8001" + "5001BA137E00000000B37171" + "38"],
    ["rav-kav", "03A129CF", "00000000", "118181", "3B8C8001" + "5003A129CF00000000118181" + "08"],
  ])("full-ATQB style: %s", (_name, pupi, appData, protocolInfo, expected) => {
    expect(toHex(ContactlessAtr.fullAtqb(identity(appData, protocolInfo, pupi)))).toBe(expected);
  });

  test.prop([anyIdentity, fc.integer({ min: 0, max: 15 })])("part 3: 3B 88 80 01, the ATQB fields, MBLI, and a TCK that checks", (id, mbli) => {
    const atr = ContactlessAtr.part3(id, mbli);
    expect(atr.length).toBe(13);
    expect(toHex(atr.subarray(0, 4))).toBe("3B888001");
    expect(atr.subarray(4, 8)).toEqual(id.applicationData);
    expect(atr.subarray(8, 11)).toEqual(id.protocolInfo);
    expect(atr[11]).toBe(mbli << 4);
    expect(xorAfterTs(atr)).toBe(0);
    // The PUPI never shows in a part 3 ATR: the same card type gives the same ATR.
    expect(ContactlessAtr.part3({ ...id, pupi: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) }, mbli)).toEqual(atr);
  });

  test.prop([anyIdentity])("full ATQB: 3B 8C 80 01 50, PUPI, the ATQB fields and a TCK that checks", (id) => {
    const atr = ContactlessAtr.forStyle("full-atqb", id);
    expect(atr.length).toBe(17);
    expect(toHex(atr.subarray(0, 5))).toBe("3B8C800150");
    expect(atr.subarray(5, 9)).toEqual(id.pupi);
    expect(atr.subarray(9, 13)).toEqual(id.applicationData);
    expect(atr.subarray(13, 16)).toEqual(id.protocolInfo);
    expect(xorAfterTs(atr)).toBe(0);
  });

  test.prop([fc.uint8Array({ maxLength: 15 })])("any historical bytes: T0 counts them and TCK checks", (historical) => {
    const atr = ContactlessAtr.fromHistoricalBytes(historical);
    expect(atr[1]).toBe(0x80 | historical.length);
    expect(atr.subarray(4, 4 + historical.length)).toEqual(historical);
    expect(xorAfterTs(atr)).toBe(0);
  });

  test("bad field lengths are refused", () => {
    expect(() => ContactlessAtr.part3(identity("0000", "B381A1"))).toThrow(/application data must be 4 bytes/);
    expect(() => ContactlessAtr.part3(identity("000005E0", "B381"))).toThrow(/protocol info must be 3 bytes/);
    expect(() => ContactlessAtr.fullAtqb(identity("000005E0", "B381A1", "0102"))).toThrow(/PUPI must be 4 bytes/);
    expect(() => ContactlessAtr.fromHistoricalBytes(new Uint8Array(16))).toThrow(RangeError);
  });
});
