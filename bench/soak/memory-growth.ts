/** One memory sample of a soak. */
export interface MemorySample {
  /** Seconds since the soak started. */
  t: number;
  /** Qualifications (patients) so far. */
  qualifications: number;
  /** V8 heap in use over every thread (main, service, counters), bytes. */
  heapUsedBytes: number;
  /** Resident set size of the process, bytes. */
  rssBytes: number;
}

/** The rule a soak's memory is judged by. */
export interface MemoryGrowthRule {
  /** Share of the soak's duration left out at the start (caches filling, JIT, pools). Default 0.2. */
  warmupFraction: number;
  /** Fail when the heap's floor grows faster than this over the judged samples, MiB per minute. */
  maxHeapGrowthMiBPerMinute: number;
  /**
   * Fail when the heap's floor grows by more than this per qualification, bytes: load-independent (a slow, shared
   * machine does fewer qualifications a minute, so a MiB/min rule alone would pass a per-answer leak there).
   */
  maxHeapBytesPerQualification: number;
  /** Fail when RSS passes this at any sample, bytes. */
  rssCeilingBytes: number;
  /** Fewer judged samples than this: the slope is not judged (the RSS ceiling still is). Default 4. */
  minSamples: number;
}

/** The default rule of `bench soak`. */
export const DEFAULT_MEMORY_GROWTH_RULE: Readonly<MemoryGrowthRule> = Object.freeze({
  warmupFraction: 0.2,
  maxHeapGrowthMiBPerMinute: 10,
  maxHeapBytesPerQualification: 512,
  rssCeilingBytes: 1024 * 2 ** 20,
  minSamples: 4,
});

/** What {@link judgeMemoryGrowth} concluded. */
export interface MemoryGrowthVerdict {
  pass: boolean;
  /** Slope of the heap's floor (the minimum of each window: the heap after GC) over the judged samples, MiB/min. */
  heapFloorMiBPerMinute: number | undefined;
  /** Plain least-squares slope of the heap over the judged samples, MiB/min (shown, not judged: GC makes it noisy). */
  heapMiBPerMinute: number | undefined;
  /** Heap floor growth per qualification over the judged samples, bytes (what the service keeps per answer). */
  heapFloorBytesPerQualification: number | undefined;
  peakRssBytes: number;
  judgedSamples: number;
  /** The rule and the verdict in words. */
  rule: string;
  reason: string;
}

/** Least-squares slope of y over x; undefined with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? undefined : sxy / sxx;
}

/** The minimum sample of each of `windows` consecutive runs of samples: the heap's floor, after each GC. */
function floorOf(samples: readonly MemorySample[], windows: number): MemorySample[] {
  const size = Math.max(1, Math.floor(samples.length / windows));
  const floors: MemorySample[] = [];
  for (let i = 0; i + size <= samples.length; i += size) {
    const window = samples.slice(i, i + size);
    floors.push(window.reduce((a, b) => (b.heapUsedBytes < a.heapUsedBytes ? b : a)));
  }
  return floors;
}

const MIB = 2 ** 20;

/**
 * Judges whether memory grows without bound: after the warm-up, the second half of the samples is split into four
 * windows, the minimum heap of each (its floor after a GC, so a GC sawtooth does not count as growth) is fitted with a
 * least-squares line, and the soak fails when that floor rises faster than the rule's MiB/min or bytes per
 * qualification, or when RSS passes the
 * ceiling at any sample. Too few samples to fit: only the ceiling is judged, and the verdict says so.
 */
export function judgeMemoryGrowth(samples: readonly MemorySample[], rule: MemoryGrowthRule = DEFAULT_MEMORY_GROWTH_RULE): MemoryGrowthVerdict {
  const ruleText = `FAIL when the heap's floor (minimum of each quarter of the second half of the samples after a ${Math.round(rule.warmupFraction * 100)}% warm-up) grows faster than ${rule.maxHeapGrowthMiBPerMinute} MiB/min or by more than ${rule.maxHeapBytesPerQualification} bytes per qualification, or RSS passes ${Math.round(rule.rssCeilingBytes / MIB)} MiB`;
  const peakRssBytes = samples.reduce((m, s) => Math.max(m, s.rssBytes), 0);
  const end = samples.at(-1)?.t ?? 0;
  const afterWarmup = samples.filter((s) => s.t >= end * rule.warmupFraction);
  const judged = afterWarmup.slice(Math.floor(afterWarmup.length / 2));
  const minute = (s: MemorySample): number => s.t / 60;
  const floors = judged.length >= rule.minSamples ? floorOf(judged, Math.min(4, judged.length)) : [];
  const floorSlope = floors.length >= 2 ? leastSquaresSlope(floors.map((s) => ({ x: minute(s), y: s.heapUsedBytes / MIB }))) : undefined;
  const plainSlope = judged.length >= 2 ? leastSquaresSlope(judged.map((s) => ({ x: minute(s), y: s.heapUsedBytes / MIB }))) : undefined;
  const perQualification = floors.length >= 2 ? leastSquaresSlope(floors.map((s) => ({ x: s.qualifications, y: s.heapUsedBytes }))) : undefined;
  const base = { heapFloorMiBPerMinute: floorSlope, heapMiBPerMinute: plainSlope, heapFloorBytesPerQualification: perQualification, peakRssBytes, judgedSamples: judged.length, rule: ruleText };
  if (peakRssBytes > rule.rssCeilingBytes) return { ...base, pass: false, reason: `RSS reached ${(peakRssBytes / MIB).toFixed(0)} MiB, over the ${(rule.rssCeilingBytes / MIB).toFixed(0)} MiB ceiling` };
  if (floorSlope === undefined) return { ...base, pass: true, reason: `only ${judged.length} sample(s) after the warm-up's second half (< ${rule.minSamples}): heap growth not judged, RSS under the ceiling` };
  const perQ = perQualification === undefined ? "" : `, ${perQualification.toFixed(0)} bytes per qualification`;
  if (floorSlope > rule.maxHeapGrowthMiBPerMinute) return { ...base, pass: false, reason: `the heap's floor grows ${floorSlope.toFixed(1)} MiB/min (> ${rule.maxHeapGrowthMiBPerMinute})${perQ}` };
  if (perQualification !== undefined && perQualification > rule.maxHeapBytesPerQualification) {
    return { ...base, pass: false, reason: `the heap's floor grows ${perQualification.toFixed(0)} bytes per qualification (> ${rule.maxHeapBytesPerQualification}; ${floorSlope.toFixed(1)} MiB/min at this run's rate)` };
  }
  return { ...base, pass: true, reason: `the heap's floor grows ${floorSlope.toFixed(1)} MiB/min (≤ ${rule.maxHeapGrowthMiBPerMinute})${perQ} (≤ ${rule.maxHeapBytesPerQualification}); RSS peak ${(peakRssBytes / MIB).toFixed(0)} MiB under the ceiling` };
}
