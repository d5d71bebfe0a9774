import { describe, expect, it } from "vitest";
import { jpkiOids } from "../../sim/pki/jpki-oids.ts";
import { encodeBirthDate, encodeSigningIdentity, readSigningIdentity } from "../../sim/pki/signing-identity.ts";
import { holder } from "./persona.ts";

describe("encodeBirthDate", () => {
  it.each([
    ["1912-07-29", "119120729"], // last day of 明治
    ["1912-07-30", "219120730"], // 大正
    ["1926-12-25", "319261225"], // 昭和
    ["1989-01-07", "319890107"],
    ["1989-01-08", "419890108"], // 平成
    ["2019-04-30", "420190430"],
    ["2019-05-01", "520190501"], // 令和
    ["1850-01-01", "018500101"], // before 明治: unknown era
  ])("%s -> %s", (date, encoded) => {
    expect(encodeBirthDate(date)).toBe(encoded);
  });

  it.each(["1990-1-2", "1990-02-30", "19900102", ""])("refuses %j", (date) => {
    expect(() => encodeBirthDate(date)).toThrow(RangeError);
  });
});

describe("signing identity in a subjectAltName", () => {
  /** Wraps a SAN value in the smallest certificate-shaped DER that readSigningIdentity walks. */
  function certificateWith(san: Uint8Array): Uint8Array {
    const tlv = (tag: number, content: Uint8Array): Uint8Array => {
      const length = content.length < 0x80 ? [content.length] : [0x82, content.length >> 8, content.length & 0xff];
      return Uint8Array.from([tag, ...length, ...content]);
    };
    const sanOid = Uint8Array.of(0x06, 0x03, 0x55, 0x1d, 0x11);
    const extension = tlv(0x30, Uint8Array.from([...sanOid, ...tlv(0x04, san)]));
    const tbs = tlv(0x30, Uint8Array.from([...Uint8Array.of(0x02, 0x01, 0x01), ...tlv(0xa3, tlv(0x30, extension))]));
    return tlv(0x30, tbs);
  }

  // Sex is one ISO 5218 digit, 9 = not applicable (jpki/myna Go `_go/libmyna/text_ap.go` `SexString` @ 5aceeb8f;
  // docs/domain/card-applications.md "Signing certificate SAN OIDs"). This test used to expect "3" for other, a
  // value no public source gives.
  it.each([
    ["male", "1"],
    ["female", "2"],
    ["other", "9"],
  ] as const)("round-trips a %s holder (sex code %s)", (sex, code) => {
    const { nameKana: _kana, ...basicFour } = holder;
    const identity = readSigningIdentity(certificateWith(encodeSigningIdentity({ ...holder, sex })));
    expect(identity).toMatchObject({ ...basicFour, sex });
    expect(identity?.encoded[jpkiOids.sex]).toBe(code);
  });

  it("writes only the public JPKI OIDs, in the card's order, and no kana entry even when a kana name is known", () => {
    const identity = readSigningIdentity(certificateWith(encodeSigningIdentity(holder)));
    expect(identity?.nameKana).toBeUndefined();
    // 1, 4, 3, 5, 2, 6: the order a card writes them (docs/domain/card-applications.md "Signing certificate SAN OIDs").
    expect(Object.keys(identity?.encoded ?? {})).toEqual([
      jpkiOids.name,
      jpkiOids.birthDate,
      jpkiOids.sex,
      jpkiOids.address,
      jpkiOids.nameSubstituteCharacters,
      jpkiOids.addressSubstituteCharacters,
    ]);
    expect(Object.keys(identity?.encoded ?? {}).every((oid) => oid.startsWith("1.2.392.200149.8.5.5."))).toBe(true);
    expect(identity?.encoded[jpkiOids.addressSubstituteCharacters]).toBe("0".repeat([...holder.address].length));
  });

  it("returns null for garbage rather than throwing", () => {
    expect(readSigningIdentity(Uint8Array.of(0x30, 0x05, 0x01))).toBeNull();
    expect(readSigningIdentity(new Uint8Array(0))).toBeNull();
  });

  it("refuses an empty name or address", () => {
    expect(() => encodeSigningIdentity({ ...holder, name: "" })).toThrow(RangeError);
    expect(() => encodeSigningIdentity({ ...holder, address: "" })).toThrow(RangeError);
  });
});
