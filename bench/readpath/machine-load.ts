import { readFileSync } from "node:fs";

/** CPU time of the whole machine from `/proc/stat` (Linux), in ms: busy (user, nice, system, irq, softirq, steal) and total. */
export interface MachineCpu {
  busyMs: number;
  totalMs: number;
}

/** Clock ticks per second of `/proc/stat` (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/** The machine's CPU counters now, or undefined where `/proc/stat` cannot be read. */
export function machineCpu(): MachineCpu | undefined {
  let stat: string;
  try {
    stat = readFileSync("/proc/stat", "utf8");
  } catch {
    return undefined;
  }
  const fields = stat.slice(0, stat.indexOf("\n")).trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((f) => !Number.isFinite(f))) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busyMs: busy * TICK_MS, totalMs: (busy + idle + iowait) * TICK_MS };
}

/**
 * Cores' worth of CPU that other processes used between two readings, given this process's own CPU time over the same
 * span (ms) and the wall time (ms): what the benchmark had to share the machine with. Undefined without `/proc/stat`.
 */
export function otherLoad(before: MachineCpu | undefined, after: MachineCpu | undefined, ownCpuMs: number, wallMs: number): number | undefined {
  if (before === undefined || after === undefined || wallMs <= 0) return undefined;
  return Math.max(0, (after.busyMs - before.busyMs - ownCpuMs) / wallMs);
}
