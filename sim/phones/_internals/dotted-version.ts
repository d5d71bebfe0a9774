/** The numbers of a dotted version (`18.5.1` → [18, 5, 1]), or undefined when it is not one. */
export function parseDottedVersion(version: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(version)) return undefined;
  return version.split(".").map(Number);
}

/** Compares two parsed dotted versions: negative, zero or positive; missing parts count as 0 (`18.5` = `18.5.0`). */
export function compareDottedVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
