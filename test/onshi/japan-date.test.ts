import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { japanDate } from "../../sim/onshi/japan-date.ts";

/** The definition: the UTC+9 calendar date of the instant. */
const reference = (ms: number): string => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10).replaceAll("-", "");
const MIDNIGHT_JST = Date.UTC(2026, 2, 31, 15); // 2026-04-01 00:00 in Japan

describe("japanDate (the day's text is kept while the instants stay inside that day)", () => {
  it("turns at midnight in Japan, in either direction and back", () => {
    for (const ms of [MIDNIGHT_JST - 1, MIDNIGHT_JST, MIDNIGHT_JST + 1, MIDNIGHT_JST - 1, MIDNIGHT_JST + 86_400_000 - 1, MIDNIGHT_JST + 86_400_000, MIDNIGHT_JST]) {
      expect(japanDate(new Date(ms))).toBe(reference(ms));
    }
    expect(japanDate(new Date(MIDNIGHT_JST - 1))).toBe("20260331");
    expect(japanDate(new Date(MIDNIGHT_JST))).toBe("20260401");
  });

  test.prop([fc.array(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: -3, max: 3 })])(
    "agrees with the definition for any sequence of instants (near and far apart)",
    (instants, step) => {
      for (const ms of instants) {
        for (const at of [ms, ms + step, ms + step * 3_600_000]) expect(japanDate(new Date(at))).toBe(reference(at));
      }
    },
  );

  it("throws on an invalid date, as before", () => {
    expect(() => japanDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
