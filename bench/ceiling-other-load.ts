import { readdirSync, readFileSync } from "node:fs";
import { cpuMsOfStat } from "./proc-stat-cpu.ts";
import { machineCpu, type MachineCpu, otherLoad } from "./readpath/machine-load.ts";

/** CPU ms from a `/proc/<pid>/stat` file (0 when unreadable as numbers). */
function statCpuMs(path: string, withChildren: boolean): number {
  return cpuMsOfStat(readFileSync(path, "utf8"), withChildren) ?? 0;
}

/** CPU ms of the measured path: this process (every thread), its finished children (opensc-tool) and pcscd. */
function pathCpuMs(): number | undefined {
  try {
    let ms = statCpuMs("/proc/self/stat", true);
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "pcscd") ms += statCpuMs(`/proc/${pid}/stat`, false);
      } catch {
        // the process ended meanwhile
      }
    }
    return ms;
  } catch {
    return undefined;
  }
}

/** A reading to measure the other load from (Linux; undefined parts elsewhere). */
export interface LoadMark {
  machine: MachineCpu | undefined;
  pathMs: number | undefined;
  at: number;
}

/** Reads the machine's and the path's CPU counters now. */
export function markLoad(): LoadMark {
  return { machine: machineCpu(), pathMs: pathCpuMs(), at: performance.now() };
}

/**
 * Cores' worth of CPU that processes other than the measured path (this process, pcscd, opensc-tool) used since
 * `start`: what the ceiling shared the machine with. Undefined where `/proc` cannot be read.
 */
export function otherLoadSince(start: LoadMark): number | undefined {
  const end = markLoad();
  if (start.pathMs === undefined || end.pathMs === undefined) return undefined;
  return otherLoad(start.machine, end.machine, end.pathMs - start.pathMs, end.at - start.at);
}
