import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { ApduFormatError, CommandApdu } from "../../sim/apdu/index.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";

/** Bytes shaped like APDUs: a header, then a length field that may or may not match what follows. */
const apduLike = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.constantFrom(0, 1, 2, 255), fc.uint8Array({ maxLength: 270 })).map(([h, b4, tail]) => Uint8Array.from([...h, b4, ...tail])),
  fc.tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 600 }), fc.uint8Array({ maxLength: 610 })).map(([h, lc, tail]) => Uint8Array.from([...h, 0, lc >> 8, lc & 0xff, ...tail])),
);

describe("fuzz: the command APDU parser (every device's first edge)", () => {
  test.prop([apduLike], fuzzParameters(2000))("parses or refuses with 6700 — nothing else — and what it parses encodes back to the same bytes", (bytes) => {
    let parsed: CommandApdu;
    try {
      parsed = CommandApdu.parse(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(ApduFormatError);
      expect((error as ApduFormatError).statusWord).toBe(0x6700);
      return;
    }
    expect(parsed.encode()).toEqual(bytes);
  });
});
