import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../sim/apdu/index.ts";
import {
  contextConstructed,
  integer,
  objectIdentifier,
  readChildren,
  readElement,
  readObjectIdentifier,
  readText,
  sequence,
  utf8String,
} from "../../sim/pki/_internals/der.ts";

describe("DER (sim/pki/_internals/der.ts, on sim/apdu's BER-TLV)", () => {
  it("writes the small structures byte for byte", () => {
    expect(toHex(integer(0n))).toBe("020100");
    expect(toHex(integer(128n))).toBe("02020080");
    expect(toHex(objectIdentifier("2.5.29.17"))).toBe("0603551D11");
    expect(toHex(contextConstructed(0, utf8String("A")))).toBe("A0030C0141");
    expect(toHex(sequence(integer(1n), integer(2n)))).toBe("3006020101020102");
    expect(toHex(utf8String("x".repeat(200)).subarray(0, 3))).toBe("0C81C8");
  });

  it("walks a structure with absolute offsets", () => {
    const der = sequence(contextConstructed(0, objectIdentifier("1.2.392.200149.8.5.5.1"), contextConstructed(0, utf8String("山田"))));
    const root = readElement(der, 0);
    expect(root).toEqual({ tag: 0x30, start: 2, end: der.length });
    const [entry] = readChildren(der, root);
    expect(entry?.tag).toBe(0xa0);
    const [oid, wrapped] = readChildren(der, entry!);
    expect(readObjectIdentifier(der, oid!)).toBe("1.2.392.200149.8.5.5.1");
    const [text] = readChildren(der, wrapped!);
    expect(readText(der, text!)).toBe("山田");
  });

  test.prop([fc.array(fc.string({ maxLength: 300 }), { maxLength: 4 })])("a SEQUENCE of UTF8Strings reads back", (texts) => {
    const der = sequence(...texts.map(utf8String));
    expect(readChildren(der, readElement(der, 0)).map((e) => readText(der, e))).toEqual(texts);
  });

  it("reads 4-octet lengths, and refuses indefinite or 5-octet lengths, multi-octet tags and elements past the limit", () => {
    expect(readElement(fromHex("04840000000142"), 0)).toEqual({ tag: 0x04, start: 6, end: 7 });
    expect(() => readElement(fromHex("048500000000014200"), 0)).toThrow(RangeError);
    expect(() => readElement(fromHex("30800000"), 0)).toThrow(RangeError);
    expect(() => readElement(fromHex("1F2100"), 0)).toThrow(/multi-octet tags/);
    expect(() => readElement(fromHex("0402AABB"), 0, 3)).toThrow(RangeError);
    expect(() => readChildren(fromHex("30030402AABB"), { tag: 0x30, start: 2, end: 5 })).toThrow(RangeError);
    expect(() => readElement(fromHex("04"), 0)).toThrow(RangeError);
  });
});
