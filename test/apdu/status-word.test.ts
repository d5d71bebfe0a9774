import { describe, expect, it } from "vitest";
import { describeStatusWord, ResponseApdu, StatusWord, triesLeftOf, verifyFailed } from "../../sim/apdu/index.ts";

describe("status words", () => {
  it("encodes and decodes the VERIFY counter", () => {
    expect(verifyFailed(2)).toBe(0x63c2);
    expect(triesLeftOf(0x63c0)).toBe(0);
    expect(triesLeftOf(StatusWord.OK)).toBeUndefined();
  });

  it("describes status words by name", () => {
    expect(describeStatusWord(0x6984)).toBe("6984 REFERENCE_DATA_NOT_USABLE");
    expect(describeStatusWord(0x63c1)).toContain("1 tries left");
    expect(describeStatusWord(0x1234)).toBe("1234");
  });

  it("parses responses and refuses fewer than two bytes", () => {
    const r = ResponseApdu.parse(Uint8Array.of(1, 2, 0x90, 0x00));
    expect([r.ok, r.data.length, r.sw1, r.sw2]).toEqual([true, 2, 0x90, 0]);
    expect(() => ResponseApdu.parse(Uint8Array.of(0x90))).toThrow(RangeError);
  });
});
