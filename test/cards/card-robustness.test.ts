import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { fromHex, ResponseApdu } from "../../sim/apdu/index.ts";
import type { MyNumberCard } from "../../sim/cards/index.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

let card: MyNumberCard;
beforeAll(async () => {
  card = await freshCardRegistry().card("P0012");
});

const SELECT_JPKI = fromHex("00A4040C0AD392F000260100000001");

/** Commands shaped like the card's own: known CLA/INS, random parameters and bodies. */
const plausibleCommand = fc
  .tuple(
    fc.constantFrom(0x00, 0x80, 0x01, 0x0c, 0x10, 0xff),
    fc.constantFrom(0xa4, 0xb0, 0x20, 0x24, 0x2a, 0x88, 0xfc, 0xc0, 0xca),
    fc.integer({ min: 0, max: 255 }),
    fc.integer({ min: 0, max: 255 }),
    fc.uint8Array({ maxLength: 300 }),
  )
  .map(([cla, ins, p1, p2, tail]) => Uint8Array.from([cla, ins, p1, p2, ...tail]));

describe("the card's serving loop", () => {
  test.prop([fc.array(fc.oneof(fc.uint8Array({ maxLength: 270 }), plausibleCommand), { maxLength: 20 })], { numRuns: 300 })(
    "answers any byte strings with a well-formed response ending in a status word, and keeps serving",
    (inputs) => {
      card.reset();
      for (const bytes of inputs) {
        const out = card.process(bytes);
        expect(out).toBeInstanceOf(Uint8Array);
        expect(out.length).toBeGreaterThanOrEqual(2);
        const r = ResponseApdu.parse(out);
        // SW1 is a defined ISO 7816-4 value: 61..6F or 90.
        expect(r.sw1 === 0x90 || (r.sw1 >= 0x61 && r.sw1 <= 0x6f)).toBe(true);
        // Only a successful READ BINARY or signature carries data.
        if (r.data.length > 0) expect(r.sw).toBe(0x9000);
      }
      // The loop survives: a good command still works afterwards.
      expect(ResponseApdu.parse(card.process(SELECT_JPKI)).sw).toBe(0x9000);
    },
  );
});
