/** USER_HZ of `/proc/<pid>/stat` and `/proc/<pid>/task/<tid>/stat` (100 on Linux). */
const TICK_MS = 10;

/**
 * CPU ms (10 ms resolution) in the text of a `/proc/…/stat` file: utime + stime, plus cutime + cstime (reaped
 * children) with `withChildren`; undefined when the fields are not numbers. The command name may hold spaces and
 * parentheses, so the fields are read after its last ")": utime is the 14th field of the file.
 */
export function cpuMsOfStat(stat: string, withChildren = false): number | undefined {
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  const parts = withChildren ? [f[11], f[12], f[13], f[14]] : [f[11], f[12]];
  if (!parts.every((n) => Number.isFinite(n))) return undefined;
  return parts.reduce((sum: number, n) => sum + (n as number), 0) * TICK_MS;
}
