import { CPU_CATEGORIES, type CpuCategory } from "./cpu-categories.ts";

/** CPU outside the sampled JS threads: libuv's pool (the journal's writes and fdatasync), V8's helper threads, the main thread. */
export const OTHER_THREADS = "other threads";

/** A row's CPU per qualification (ms) by category, plus {@link OTHER_THREADS}; the parts add up to the process's CPU. */
export type CpuSplit = Record<CpuCategory | typeof OTHER_THREADS, number>;

/** One sampled thread: its sampled ms per category and, when the OS told, the CPU it used over the same time. */
export interface SampledThread {
  sampledMs: Record<CpuCategory, number>;
  cpuMs?: number;
}

/**
 * Combines the threads' samples into CPU per qualification: each thread's shares (from its samples) are scaled to the
 * CPU the OS counted for it, so waiting while preempted does not count as work; what the process used beyond the
 * sampled threads is {@link OTHER_THREADS}. Undefined when nothing was counted.
 */
export function combineCpuSplit(threads: readonly SampledThread[], processCpuMs: number, count: number): CpuSplit | undefined {
  if (count <= 0) return undefined;
  const split = Object.fromEntries([...CPU_CATEGORIES, OTHER_THREADS].map((c) => [c, 0])) as CpuSplit;
  let threadsCpu = 0;
  for (const thread of threads) {
    const sampled = CPU_CATEGORIES.reduce((n, c) => n + thread.sampledMs[c], 0);
    const cpu = thread.cpuMs ?? sampled;
    threadsCpu += cpu;
    if (sampled <= 0) continue;
    for (const c of CPU_CATEGORIES) split[c] += ((thread.sampledMs[c] / sampled) * cpu) / count;
  }
  split[OTHER_THREADS] = Math.max(0, processCpuMs - threadsCpu) / count;
  return split;
}
