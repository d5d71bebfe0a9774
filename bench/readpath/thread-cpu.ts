import { readFileSync, readlinkSync } from "node:fs";
import { cpuMsOfStat } from "../proc-stat-cpu.ts";

/** The OS thread ID of the calling thread (Linux, through `/proc/thread-self`), or undefined elsewhere. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isSafeInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, ms, 10 ms resolution) an OS thread of this process has used, from
 * `/proc/self/task/<tid>/stat`; undefined when unknown. Node 20 has no per-thread CPU clock of its own, and
 * `process.cpuUsage()` counts every thread of the process.
 */
export function threadCpuMs(tid: number | undefined): number | undefined {
  if (tid === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  return cpuMsOfStat(stat);
}
