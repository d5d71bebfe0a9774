import { fromHex } from "../apdu/hex.ts";
import type { TraceDirection, TraceEntry } from "./trace-entry.ts";

/** A line of a text or JSON-lines trace this parser cannot read; the message names the line. */
export class TraceTextError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "TraceTextError";
  }
}

const MARKS: Record<string, TraceDirection> = { ">>": "command", "<<": "response", "**": "event" };
const HEX_OR_REDACTED = /^(?:[0-9A-F]{2}|<redacted \d+ bytes>)(?: (?:[0-9A-F]{2}|<redacted \d+ bytes>))*$/;

/**
 * Parses the readable trace form (`ApduTrace.toText`, `formatTraceEntry`: `#2  +0.412 ms  link  <<  90 00  [9000 OK]
 * (0.4 ms)`, fields joined by two spaces) back into entries; `#` comment lines and blank lines are skipped. A
 * `<redacted N bytes>` mark comes back as a redaction mark. Throws {@link TraceTextError} naming the first bad line.
 */
export function parseTraceText(text: string): TraceEntry[] {
  const entries: TraceEntry[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "" || /^#\D/.test(line) || line === "#") return;
    entries.push(parseLine(line, index + 1));
  });
  return entries;
}

function parseLine(line: string, lineNumber: number): TraceEntry {
  const parts = line.split("  ");
  const seqMatch = /^#(\d+)$/.exec(parts[0] ?? "");
  const timeMatch = /^\+(-?\d+(?:\.\d+)?) ms$/.exec(parts[1] ?? "");
  const markAt = parts.findIndex((p, i) => i >= 2 && p in MARKS);
  if (!seqMatch || !timeMatch || markAt < 3) throw new TraceTextError(`line ${lineNumber}: not a trace line ("#N  +T ms  link  >>|<<|**  …"): ${line.slice(0, 80)}`);
  const direction = MARKS[parts[markAt] as string] as TraceDirection;
  const entry: { -readonly [K in keyof TraceEntry]: TraceEntry[K] } = {
    seq: Number(seqMatch[1]),
    time: Number(timeMatch[1]),
    direction,
    link: parts.slice(2, markAt).join("  "),
    bytes: new Uint8Array(0),
  };
  let rest = parts.slice(markAt + 1);
  if (direction === "event") {
    entry.event = rest[0] ?? "event";
    rest = rest.slice(1);
  }
  const details: string[] = [];
  for (const part of rest) {
    if (HEX_OR_REDACTED.test(part) && entry.bytes.length === 0 && entry.redacted === undefined) Object.assign(entry, hexWithRedaction(part));
    else if (/^\[[0-9A-F]{4}\b.*\]$/.test(part)) entry.sw = Number.parseInt(part.slice(1, 5), 16);
    else if (/^\(-?\d+(?:\.\d+)? ms\)$/.test(part)) entry.durationMs = Number(part.slice(1, -4));
    else details.push(part);
  }
  if (details.length > 0) entry.detail = details.join("  ");
  return entry;
}

function hexWithRedaction(text: string): Pick<TraceEntry, "bytes" | "redacted"> {
  const mark = /<redacted (\d+) bytes>/.exec(text);
  if (!mark) return { bytes: fromHex(text) };
  const before = text.slice(0, mark.index);
  const after = text.slice(mark.index + mark[0].length);
  const head = fromHex(before);
  const tail = fromHex(after);
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  return { bytes, redacted: { at: head.length, length: Number(mark[1]) } };
}

/** Parses the JSON-lines form (`ApduTrace.toJsonLines`, `traceEntryToJson`). Throws {@link TraceTextError} naming the bad line. */
export function parseTraceJsonLines(text: string): TraceEntry[] {
  const entries: TraceEntry[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new TraceTextError(`line ${index + 1}: not JSON`);
    }
    if (typeof value !== "object" || value === null) throw new TraceTextError(`line ${index + 1}: not a trace entry object`);
    const o = value as Record<string, unknown>;
    const direction = o.direction;
    if (direction !== "command" && direction !== "response" && direction !== "event") throw new TraceTextError(`line ${index + 1}: direction must be command, response or event`);
    if (typeof o.hex !== "string" || typeof o.link !== "string") throw new TraceTextError(`line ${index + 1}: hex and link must be strings`);
    let bytes: Uint8Array;
    try {
      bytes = fromHex(o.hex);
    } catch (error) {
      throw new TraceTextError(`line ${index + 1}: hex: ${(error as Error).message}`);
    }
    const r = o.redacted as { at?: unknown; length?: unknown } | undefined;
    entries.push({
      seq: typeof o.seq === "number" ? o.seq : entries.length + 1,
      time: typeof o.time === "number" ? o.time : 0,
      direction,
      link: o.link,
      bytes,
      ...(r && typeof r.at === "number" && typeof r.length === "number" ? { redacted: { at: r.at, length: r.length } } : {}),
      ...(typeof o.sw === "string" ? { sw: Number.parseInt(o.sw, 16) } : {}),
      ...(typeof o.event === "string" ? { event: o.event } : {}),
      ...(typeof o.detail === "string" ? { detail: o.detail } : {}),
    });
  });
  return entries;
}
