import { describe, expect, it } from "vitest";
import { DEFAULT_MEMORY_GROWTH_RULE, judgeMemoryGrowth, type MemorySample } from "../../bench/soak/memory-growth.ts";

const MIB = 2 ** 20;

/** A synthetic soak: one sample every `every` s for `minutes`, heap from `heapMiB(t)`, RSS 300 MiB unless given. */
function series(minutes: number, every: number, heapMiB: (t: number) => number, rssMiB: (t: number) => number = () => 300): MemorySample[] {
  const samples: MemorySample[] = [];
  for (let t = every; t <= minutes * 60 + 1e-9; t += every) samples.push({ t, qualifications: Math.round(t * 400), heapUsedBytes: heapMiB(t) * MIB, rssBytes: rssMiB(t) * MIB });
  return samples;
}

describe("judgeMemoryGrowth (bench soak's verdict)", () => {
  it("passes a flat heap", () => {
    const v = judgeMemoryGrowth(series(5, 5, () => 120));
    expect(v.pass).toBe(true);
    expect(v.heapFloorMiBPerMinute).toBeCloseTo(0, 5);
  });

  it("fails a heap that grows linearly faster than the threshold, and says by how much", () => {
    const v = judgeMemoryGrowth(series(5, 5, (t) => 120 + (30 * t) / 60));
    expect(v.pass).toBe(false);
    expect(v.heapFloorMiBPerMinute).toBeCloseTo(30, 0);
    expect(v.heapFloorBytesPerQualification).toBeCloseTo((30 * MIB) / (400 * 60), 0);
    expect(v.reason).toMatch(/grows 30\.0 MiB\/min/);
  });

  it("passes a GC sawtooth (rises 40 MiB, collected back every 20 s) around a flat floor", () => {
    const v = judgeMemoryGrowth(series(5, 2, (t) => 120 + 40 * ((t % 20) / 20)));
    expect(v.pass).toBe(true);
    expect(Math.abs(v.heapFloorMiBPerMinute ?? Number.NaN)).toBeLessThan(DEFAULT_MEMORY_GROWTH_RULE.maxHeapGrowthMiBPerMinute);
  });

  it("fails a sawtooth whose floor creeps up (a leak under the GC pattern)", () => {
    expect(judgeMemoryGrowth(series(5, 2, (t) => 120 + (25 * t) / 60 + 40 * ((t % 20) / 20))).pass).toBe(false);
  });

  it("fails a slow leak per qualification that stays under the MiB/min threshold on a slow machine", () => {
    // 400 qualifications/s, 1 KiB kept per qualification: 23 MiB/min; the same leak at 100/s would be 6 MiB/min.
    const v = judgeMemoryGrowth(series(5, 5, (t) => 120 + (t * 100 * 1024) / MIB).map((s) => ({ ...s, qualifications: Math.round(s.t * 100) })));
    expect(v.heapFloorMiBPerMinute).toBeLessThan(DEFAULT_MEMORY_GROWTH_RULE.maxHeapGrowthMiBPerMinute);
    expect(v.pass).toBe(false);
    expect(v.reason).toMatch(/1024 bytes per qualification/);
  });

  it("fails when RSS passes the ceiling, even with a flat heap", () => {
    const v = judgeMemoryGrowth(series(2, 5, () => 120, (t) => (t > 60 ? 1100 : 400)));
    expect(v.pass).toBe(false);
    expect(v.reason).toMatch(/ceiling/);
  });

  it("does not judge a slope from too few samples, and says so", () => {
    const v = judgeMemoryGrowth(series(0.1, 2, (t) => 100 + t * 100));
    expect(v.pass).toBe(true);
    expect(v.heapFloorMiBPerMinute).toBeUndefined();
    expect(v.reason).toMatch(/not judged/);
  });
});
