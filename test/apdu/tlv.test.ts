import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { concatBytes, encodeBerLength, encodeTlv, fromHex, readTlv, readTlvList, toHex } from "../../sim/apdu/index.ts";
import { encodeTag, readLocatedTlvList } from "../../sim/apdu/tlv.ts";

describe("BER-TLV", () => {
  it("encodes two-byte tags and long lengths", () => {
    expect(toHex(encodeTlv(0xdf22, fromHex("4142")))).toBe("DF22024142");
    expect(toHex(encodeTlv(0xff10, new Uint8Array(200)).subarray(0, 4))).toBe("FF1081C8");
    expect(toHex(encodeTlv(0x30, new Uint8Array(300)).subarray(0, 4))).toBe("3082012C");
    expect([0x00, 0x30, 0xdf21, 0x7f2181].map((tag) => toHex(encodeTag(tag)))).toEqual(["00", "30", "DF21", "7F2181"]);
  });

  it("encodes lengths with the fewest octets, beyond three octets too", () => {
    expect(toHex(encodeBerLength(0x7f))).toBe("7F");
    expect(toHex(encodeBerLength(0x80))).toBe("8180");
    expect(toHex(encodeBerLength(0x10000))).toBe("83010000");
    expect(toHex(encodeBerLength(0x1000000))).toBe("8401000000");
  });

  it("rejects truncated input", () => {
    expect(() => readTlv(fromHex("DF2205AA"))).toThrow(RangeError);
    expect(() => readTlv(fromHex("DF"))).toThrow(RangeError);
  });

  it("tells where the value starts and where the element ends", () => {
    const bytes = fromHex("00 DF21 03 414243 30 8181".replace(/ /g, "") + "00".repeat(0x81));
    const first = readTlv(bytes, 1);
    expect(first.tlv.tag).toBe(0xdf21);
    expect([first.start, first.next]).toEqual([4, 7]);
    const second = readTlv(bytes, first.next);
    expect([second.tlv.tag, second.start, second.next]).toEqual([0x30, 10, bytes.length]);
  });

  it("stays within a limit", () => {
    const bytes = fromHex("30030401AA04");
    expect(readTlv(bytes, 2, { limit: 5 }).next).toBe(5);
    expect(() => readTlv(bytes, 0, { limit: 4 })).toThrow(RangeError);
    expect(readLocatedTlvList(bytes, 2, { limit: 5 }).map((e) => toHex(e.tlv.value))).toEqual(["AA"]);
  });

  it("accepts long-form lengths of up to 3 octets by default, and as many as asked", () => {
    const four = fromHex("04840000000142");
    expect(() => readTlv(four)).toThrow(/unsupported BER length form 0x84/);
    expect(toHex(readTlv(four, 0, { maxLengthOctets: 4 }).tlv.value)).toBe("42");
    expect(() => readTlv(fromHex("0480"))).toThrow(RangeError); // indefinite length
  });

  test.prop([fc.array(fc.tuple(fc.constantFrom(0x04, 0x30, 0xdf21, 0xdf27, 0xff20), fc.uint8Array({ maxLength: 400 })), { maxLength: 5 })])(
    "a list round-trips",
    (items) => {
      const bytes = concatBytes(...items.map(([t, v]) => encodeTlv(t, v)));
      const back = readTlvList(bytes);
      expect(back.map((x) => [x.tag, toHex(x.value)])).toEqual(items.map(([t, v]) => [t, toHex(v)]));
      const located = readLocatedTlvList(bytes);
      expect(located.map((x) => toHex(bytes.subarray(x.start, x.next)))).toEqual(back.map((x) => toHex(x.value)));
    },
  );
});
