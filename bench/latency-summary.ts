/** Figures of one timed loop: how many operations, how fast, and the latency distribution. */
export interface LatencySummary {
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Summarises latencies (ms) measured over `seconds` of wall time. */
export function summariseLatencies(samples: Float64Array, count: number, seconds: number): LatencySummary {
  const sorted = samples.slice(0, count).sort();
  const at = (q: number) => (count === 0 ? Number.NaN : (sorted[Math.min(count - 1, Math.floor(q * count))] as number));
  return { count, seconds, perSecond: count / seconds, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: count === 0 ? Number.NaN : (sorted[count - 1] as number) };
}

/**
 * Runs `operation` back to back until `budgetMs` has passed or `maxCount` operations are done (both bound the loop),
 * recording each latency.
 */
export async function timeLoop(operation: () => Promise<unknown>, budgetMs: number, maxCount: number): Promise<LatencySummary> {
  const samples = new Float64Array(maxCount);
  const start = performance.now();
  const end = start + budgetMs;
  let count = 0;
  let now = start;
  while (count < maxCount && now < end) {
    const t0 = now;
    await operation();
    now = performance.now();
    samples[count++] = now - t0;
  }
  return summariseLatencies(samples, count, (now - start) / 1000);
}
