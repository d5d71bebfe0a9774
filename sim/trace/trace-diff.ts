/** One line of a line diff: kept (` `), only in A (`-`), only in B (`+`). */
export interface DiffLine {
  readonly op: " " | "-" | "+";
  readonly text: string;
}

/** Where two normalized traces part. */
export interface TraceDivergence {
  /** 1-based line number of the first line that differs (in both A and B: the lines before it are equal). */
  readonly line: number;
  /** A's line there, or undefined when A ended. */
  readonly a: string | undefined;
  /** B's line there, or undefined when B ended. */
  readonly b: string | undefined;
  /** Up to `context` equal lines before it. */
  readonly before: readonly string[];
}

/** The comparison of two traces' normalized lines. */
export interface TraceDiff {
  readonly identical: boolean;
  readonly divergence: TraceDivergence | undefined;
  /** Lines only in A. */
  readonly removed: number;
  /** Lines only in B. */
  readonly added: number;
  /** The whole line diff (kept, removed and added lines in order). */
  readonly lines: readonly DiffLine[];
}

/** Options of {@link diffTraceLines} and {@link formatTraceDiff}. */
export interface TraceDiffOptions {
  /** Equal lines shown around each change (default 3). */
  context?: number;
}

/** Above this many cells the middle part is not aligned line by line but shown as replaced (keeps time and memory bounded). */
const MAX_ALIGNMENT_CELLS = 4_000_000;

/**
 * Compares two traces' normalized lines (`normalizeTraceLines`): the first divergent line with the equal lines before
 * it, and a line diff (longest common subsequence after the common prefix and suffix; a middle part too large to align
 * within {@link MAX_ALIGNMENT_CELLS} is shown as replaced).
 */
export function diffTraceLines(a: readonly string[], b: readonly string[], options: TraceDiffOptions = {}): TraceDiff {
  const context = Math.max(0, options.context ?? 3);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  if (prefix === a.length && prefix === b.length) {
    return { identical: true, divergence: undefined, removed: 0, added: 0, lines: a.map((text) => ({ op: " ", text })) };
  }
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const lines: DiffLine[] = [
    ...a.slice(0, prefix).map((text): DiffLine => ({ op: " ", text })),
    ...alignMiddle(midA, midB),
    ...a.slice(a.length - suffix).map((text): DiffLine => ({ op: " ", text })),
  ];
  return {
    identical: false,
    divergence: { line: prefix + 1, a: a[prefix], b: b[prefix], before: a.slice(Math.max(0, prefix - context), prefix) },
    removed: lines.filter((l) => l.op === "-").length,
    added: lines.filter((l) => l.op === "+").length,
    lines,
  };
}

function alignMiddle(a: readonly string[], b: readonly string[]): DiffLine[] {
  if (a.length * b.length > MAX_ALIGNMENT_CELLS) {
    return [...a.map((text): DiffLine => ({ op: "-", text })), ...b.map((text): DiffLine => ({ op: "+", text }))];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..], one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: " ", text: a[i++] as string });
      j++;
    } else if (j < b.length && (i === a.length || (lcs[i * width + j + 1] as number) >= (lcs[(i + 1) * width + j] as number))) {
      out.push({ op: "+", text: b[j++] as string });
    } else {
      out.push({ op: "-", text: a[i++] as string });
    }
  }
  return out;
}

/** Options of {@link formatTraceDiff}. */
export interface FormatTraceDiffOptions extends TraceDiffOptions {
  /** Names of the two sides (default `A` and `B`). */
  labels?: readonly [string, string];
  /** Most diff lines printed after the first divergence (default 200); the rest is counted. */
  maxLines?: number;
}

/**
 * The readable report of a {@link TraceDiff}: where the traces part (the first divergent line with the lines before
 * it), then a unified-style diff (`@@ -a,n +b,m @@` hunks, `-` only in A, `+` only in B) cut after `maxLines`.
 */
export function formatTraceDiff(diff: TraceDiff, options: FormatTraceDiffOptions = {}): string {
  const [labelA, labelB] = options.labels ?? ["A", "B"];
  if (diff.identical || diff.divergence === undefined) return `identical: ${labelA} and ${labelB} normalize to the same ${diff.lines.length} lines\n`;
  const d = diff.divergence;
  const out: string[] = [`the traces part at line ${d.line} (${diff.removed} line(s) only in ${labelA}, ${diff.added} only in ${labelB})`];
  for (const line of d.before) out.push(`    ${line}`);
  out.push(`  - ${d.a ?? `(${labelA} ends here)`}`, `  + ${d.b ?? `(${labelB} ends here)`}`, "", `--- ${labelA}`, `+++ ${labelB}`);
  const hunks = unifiedHunks(diff.lines, Math.max(0, options.context ?? 3));
  const max = Math.max(1, options.maxLines ?? 200);
  const shown = hunks.slice(0, max);
  out.push(...shown);
  if (hunks.length > max) out.push(`… ${hunks.length - max} more diff line(s) not shown`);
  return `${out.join("\n")}\n`;
}

function unifiedHunks(lines: readonly DiffLine[], context: number): string[] {
  const changed = lines.map((l, i) => (l.op === " " ? -1 : i)).filter((i) => i >= 0);
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] as number) - context);
    let end = (changed[k] as number) + context;
    while (k + 1 < changed.length && (changed[k + 1] as number) - context <= end + 1) end = (changed[++k] as number) + context;
    k++;
    end = Math.min(lines.length - 1, end);
    const before = lines.slice(0, start);
    const slice = lines.slice(start, end + 1);
    const aStart = before.filter((l) => l.op !== "+").length + 1;
    const bStart = before.filter((l) => l.op !== "-").length + 1;
    out.push(`@@ -${aStart},${slice.filter((l) => l.op !== "+").length} +${bStart},${slice.filter((l) => l.op !== "-").length} @@`);
    for (const l of slice) out.push(`${l.op}${l.text}`);
  }
  return out;
}
