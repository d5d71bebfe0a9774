import { readFileSync, readlinkSync } from "node:fs";

/** USER_HZ of `/proc/<pid>/task/<tid>/stat` (100 on Linux). */
const TICK_MS = 10;

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
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : undefined;
}
