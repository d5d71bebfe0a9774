import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { concatBytes, encodeTlv, fromHex, readTlv, readTlvList, toHex } from "../../sim/apdu/index.ts";

describe("BER-TLV", () => {
  it("encodes two-byte tags and long lengths", () => {
    expect(toHex(encodeTlv(0xdf22, fromHex("4142")))).toBe("DF22024142");
    expect(toHex(encodeTlv(0xff10, new Uint8Array(200)).subarray(0, 4))).toBe("FF1081C8");
    expect(toHex(encodeTlv(0x30, new Uint8Array(300)).subarray(0, 4))).toBe("3082012C");
  });

  it("rejects truncated input", () => {
    expect(() => readTlv(fromHex("DF2205AA"))).toThrow(RangeError);
    expect(() => readTlv(fromHex("DF"))).toThrow(RangeError);
  });

  test.prop([fc.array(fc.tuple(fc.constantFrom(0x04, 0x30, 0xdf21, 0xdf27, 0xff20), fc.uint8Array({ maxLength: 400 })), { maxLength: 5 })])(
    "a list round-trips",
    (items) => {
      const bytes = concatBytes(...items.map(([t, v]) => encodeTlv(t, v)));
      const back = readTlvList(bytes);
      expect(back.map((x) => [x.tag, toHex(x.value)])).toEqual(items.map(([t, v]) => [t, toHex(v)]));
    },
  );
});
