import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ApduFormatError, CommandApdu, fromHex, StatusWord, toHex } from "../../sim/apdu/index.ts";

describe("CommandApdu", () => {
  it("parses the four cases in short form", () => {
    expect(CommandApdu.parse(fromHex("00200080")).case).toBe(1);
    const c2 = CommandApdu.parse(fromHex("00B0000000"));
    expect([c2.case, c2.ne]).toEqual([2, 256]);
    const c3 = CommandApdu.parse(fromHex("00A4040C0AD392F000260100000001"));
    expect([c3.case, toHex(c3.data)]).toEqual([3, "D392F000260100000001"]);
    const c4 = CommandApdu.parse(fromHex("802A00800330313200"));
    expect([c4.case, c4.data.length, c4.ne]).toEqual([4, 3, 256]);
  });

  it("parses extended length forms", () => {
    const c2e = CommandApdu.parse(fromHex("00B00000000000"));
    expect([c2e.case, c2e.ne, c2e.extended]).toEqual([2, 65536, true]);
    const c3e = CommandApdu.parse(fromHex("0020008000000431323334"));
    expect([c3e.case, toHex(c3e.data), c3e.extended]).toEqual([3, "31323334", true]);
    const c4e = CommandApdu.parse(fromHex("802A008000000201020100"));
    expect([c4e.case, c4e.ne]).toEqual([4, 256]);
  });

  it.each([
    ["too short", "00A404"],
    ["Lc longer than the data", "00A4040C0AD392"],
    ["trailing bytes after Le", "00A4040C01AA0000"],
    ["truncated extended length", "00B0000000AA"],
    ["extended Lc of zero with data", "00B00000000000AA"],
  ])("refuses %s with 6700", (_label, hex) => {
    try {
      CommandApdu.parse(fromHex(hex));
      expect.unreachable("parse should throw");
    } catch (e) {
      expect(e).toBeInstanceOf(ApduFormatError);
      expect((e as ApduFormatError).statusWord).toBe(StatusWord.WRONG_LENGTH);
    }
  });

  test.prop({
    cla: fc.integer({ min: 0, max: 255 }),
    ins: fc.integer({ min: 0, max: 255 }),
    p1: fc.integer({ min: 0, max: 255 }),
    p2: fc.integer({ min: 0, max: 255 }),
    data: fc.uint8Array({ maxLength: 600 }),
    ne: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
    extended: fc.boolean(),
  })("encode then parse gives the same command", (fields) => {
    const built = CommandApdu.of(fields);
    const parsed = CommandApdu.parse(built.encode());
    expect(parsed.cla).toBe(fields.cla);
    expect(parsed.ins).toBe(fields.ins);
    expect([parsed.p1, parsed.p2]).toEqual([fields.p1, fields.p2]);
    expect(toHex(parsed.data)).toBe(toHex(fields.data));
    expect(parsed.ne).toBe(fields.ne);
    expect(toHex(parsed.encode())).toBe(toHex(built.encode()));
  });

  test.prop([fc.uint8Array({ maxLength: 300 })])("any bytes either parse or raise ApduFormatError", (bytes) => {
    try {
      const c = CommandApdu.parse(bytes);
      expect(toHex(c.encode())).toBe(toHex(bytes));
    } catch (e) {
      expect(e).toBeInstanceOf(ApduFormatError);
    }
  });
});
