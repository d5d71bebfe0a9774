import { NORMALIZED_TRACE_HEADER, normalizeTraceLines } from "./normalized-trace.ts";
import { isPcapng, readPcapngTrace } from "./pcapng-reader.ts";
import type { TraceEntry } from "./trace-entry.ts";
import { parseTraceJsonLines, parseTraceText } from "./trace-text-parser.ts";

/** The forms `trace diff` reads. */
export type TraceInputFormat = "pcapng" | "text" | "jsonl" | "normalized";

/** A trace file read for comparison. */
export interface TraceInput {
  readonly format: TraceInputFormat;
  /** The entries (absent for an already normalized file). */
  readonly entries: readonly TraceEntry[] | undefined;
  /** The normalized lines (without header) as the file was given: a pcapng gives APDU lines only. */
  readonly lines: readonly string[];
}

/**
 * Reads a trace file in any form this project writes, telling them apart by content: pcapng (section header magic),
 * a normalized trace (its header line), JSON lines (`{` first), else the readable text form. Throws a `RangeError`
 * subclass naming the problem when the content is none of them.
 */
export function readTraceInput(bytes: Uint8Array): TraceInput {
  if (isPcapng(bytes)) {
    const entries = readPcapngTrace(bytes);
    return { format: "pcapng", entries, lines: normalizeTraceLines(entries, { apdusOnly: true }) };
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.startsWith(NORMALIZED_TRACE_HEADER)) {
    return { format: "normalized", entries: undefined, lines: text.split(/\r?\n/).slice(1).filter((l) => l.length > 0) };
  }
  if (text.trimStart().startsWith("{")) {
    const entries = parseTraceJsonLines(text);
    return { format: "jsonl", entries, lines: normalizeTraceLines(entries) };
  }
  const entries = parseTraceText(text);
  return { format: "text", entries, lines: normalizeTraceLines(entries) };
}

/**
 * The lines to compare two inputs by: when either is a pcapng file (commands and responses only), both sides lose
 * their link and event lines; a normalized file is taken as it is (then only link and event lines starting `@ ` or
 * `** ` are dropped).
 */
export function comparableLines(a: TraceInput, b: TraceInput): { a: readonly string[]; b: readonly string[]; apdusOnly: boolean } {
  const apdusOnly = a.format === "pcapng" || b.format === "pcapng";
  if (!apdusOnly) return { a: a.lines, b: b.lines, apdusOnly };
  const only = (input: TraceInput): readonly string[] =>
    input.entries !== undefined ? normalizeTraceLines(input.entries, { apdusOnly: true }) : input.lines.filter((l) => !l.startsWith("@ ") && !l.startsWith("** "));
  return { a: only(a), b: only(b), apdusOnly };
}
