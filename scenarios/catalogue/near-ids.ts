/** Edit distance between two strings (bounded by their lengths). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** Up to `count` ids of `ids` nearest to `wanted` (shared words first, then edit distance). */
export function nearIds(wanted: string, ids: readonly string[], count = 5): string[] {
  const w = wanted.toUpperCase();
  const words = new Set(w.split("-"));
  const score = (id: string): number => distance(w, id) - 4 * id.split("-").filter((x) => words.has(x)).length;
  return [...ids].sort((a, b) => score(a) - score(b)).slice(0, count);
}
