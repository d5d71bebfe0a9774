import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** A process found in the proc file system. */
export interface ProcessInfo {
  readonly pid: number;
  /** Its command line split at NUL bytes (empty for kernel threads or when unreadable). */
  readonly args: readonly string[];
}

/** Processes whose `<procDir>/<pid>/comm` is exactly `name`. Processes that vanish while scanning are skipped. */
export async function findProcesses(procDir: string, name: string): Promise<ProcessInfo[]> {
  let entries: string[];
  try {
    entries = await readdir(procDir);
  } catch {
    return [];
  }
  const found: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(join(procDir, entry, "comm"), "utf8").catch(() => undefined);
    if (comm?.trim() !== name) continue;
    const cmdline = await readFile(join(procDir, entry, "cmdline"), "utf8").catch(() => "");
    found.push({ pid: Number(entry), args: cmdline.split("\0").filter((arg) => arg !== "") });
  }
  return found.sort((a, b) => a.pid - b.pid);
}
