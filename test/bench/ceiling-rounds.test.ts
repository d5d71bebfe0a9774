import { describe, expect, it } from "vitest";
import { abbaOrder, cardCpuPerApdu, type CeilingRound, median, overallRate, overallRatio, pairRatios } from "../../bench/ceiling-rounds.ts";

const round = (pair: number, card: "ours" | "echo", apdus: number, seconds: number): CeilingRound => ({ pair, card, apdus, seconds, perSecond: apdus / seconds, p50Ms: 0.2, p99Ms: 0.5 });

describe("the ceiling's rounds and ratios (bench apdu)", () => {
  it("orders rounds ABBA: ours, echo, echo, ours, ours, echo", () => {
    expect(abbaOrder(2)).toEqual(["ours", "echo"]);
    expect(abbaOrder(6)).toEqual(["ours", "echo", "echo", "ours", "ours", "echo"]);
    expect(abbaOrder(8).filter((c) => c === "ours")).toHaveLength(4);
  });

  it("refuses an odd or too small number of rounds", () => {
    for (const n of [0, 1, 3, 2.5]) expect(() => abbaOrder(n)).toThrow(RangeError);
  });

  it("gives ours ÷ echo per pair, whichever went first", () => {
    const rounds = [round(1, "ours", 900, 1), round(1, "echo", 1000, 1), round(2, "echo", 1000, 1), round(2, "ours", 1100, 1)];
    expect(pairRatios(rounds)).toEqual([0.9, 1.1]);
    expect(pairRatios(rounds.slice(0, 3))).toEqual([0.9]);
  });

  it("gives the overall ratio as total APDUs ÷ total time per card, not a mean of the pairs", () => {
    // Pair ratios 1.0 and 0.667 (mean 0.833); totals: ours 3000 APDUs in 4 s = 750/s, echo 2000 in 2 s = 1000/s → 0.75.
    const rounds = [round(1, "ours", 1000, 1), round(1, "echo", 1000, 1), round(2, "echo", 1000, 1), round(2, "ours", 2000, 3)];
    expect(overallRate(rounds, "ours")).toBe(750);
    expect(overallRate(rounds, "echo")).toBe(1000);
    expect(pairRatios(rounds)[0]).toBe(1);
    expect(overallRatio(rounds)).toBe(0.75);
    expect(overallRate([], "ours")).toBeNaN();
  });

  it("gives the card thread's CPU µs per APDU over a card's rounds, or nothing when a round lacks it", () => {
    const rounds = [{ ...round(1, "ours", 1000, 1), cardCpuMs: 50 }, { ...round(1, "echo", 1000, 1), cardCpuMs: 40 }, { ...round(2, "ours", 3000, 1), cardCpuMs: 150 }];
    expect(cardCpuPerApdu(rounds, "ours")).toBe(50);
    expect(cardCpuPerApdu(rounds, "echo")).toBe(40);
    expect(cardCpuPerApdu([round(1, "ours", 10, 1)], "ours")).toBeUndefined();
  });

  it("takes the median of the pair ratios", () => {
    expect(median([2.39, 0.99, 1.11])).toBe(1.11);
    expect(median([1, 0.9, 0.8, 1.2])).toBeCloseTo(0.95);
    expect(median([])).toBeNaN();
  });
});
