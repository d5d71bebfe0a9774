import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The file system a directory lives on, from /proc/mounts (Linux), e.g. `ext4 (/dev/vda)`: what an fdatasync of the
 * journal costs depends on it (tmpfs makes it free). "unknown" elsewhere.
 */
export function fileSystemOf(directory: string): string {
  let mounts: string;
  try {
    mounts = readFileSync("/proc/mounts", "utf8");
  } catch {
    return "unknown";
  }
  const target = path.resolve(directory);
  let best: { mountPoint: string; type: string; source: string } | undefined;
  for (const line of mounts.split("\n")) {
    const [source, mountPoint, type] = line.split(" ");
    if (source === undefined || mountPoint === undefined || type === undefined) continue;
    const inside = target === mountPoint || target.startsWith(mountPoint.endsWith("/") ? mountPoint : `${mountPoint}/`);
    if (inside && (best === undefined || mountPoint.length >= best.mountPoint.length)) best = { mountPoint, type, source };
  }
  return best === undefined ? "unknown" : `${best.type} (${best.source})`;
}
