import { toHex } from "../apdu/hex.ts";
import { describeStatusWord } from "../apdu/status-word.ts";
import { spacedHex } from "./spaced-hex.ts";

/** What a trace entry records: a command sent, a response received, or a link event (reset, ATR, close, error). */
export type TraceDirection = "command" | "response" | "event";

/** One line of an {@link ApduTrace}. Its bytes are already redacted: secrets never reach an entry. */
export interface TraceEntry {
  /** Position in the trace, from 1. */
  readonly seq: number;
  /** Milliseconds since the trace started (high resolution, fractional). */
  readonly time: number;
  readonly direction: TraceDirection;
  /** The link's description, e.g. `pcsc:Virtual PCD 00 00`. */
  readonly link: string;
  /** The bytes as recorded (a command without its secret data field; a response; an event's ATR). */
  readonly bytes: Uint8Array;
  /** Where secret data was cut from a command, and how many bytes. */
  readonly redacted?: { readonly at: number; readonly length: number };
  /** Status word of a response. */
  readonly sw?: number;
  /** Milliseconds the exchange took (responses and events). */
  readonly durationMs?: number;
  /** Name of an event: `reset`, `atr`, `close`, `error`. */
  readonly event?: string;
  /** Free text for events, e.g. an error's code and message. */
  readonly detail?: string;
}

/** The JSON form of a {@link TraceEntry}: bytes as hex, the status word described. */
export interface TraceEntryJson {
  seq: number;
  time: number;
  direction: TraceDirection;
  link: string;
  hex: string;
  redacted?: { at: number; length: number };
  sw?: string;
  status?: string;
  durationMs?: number;
  event?: string;
  detail?: string;
}

const MARK: Record<TraceDirection, string> = { command: ">>", response: "<<", event: "**" };

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Hex of an entry's bytes with `<redacted N bytes>` where secret data was cut. */
export function traceEntryHex(entry: TraceEntry): string {
  const r = entry.redacted;
  if (!r) return spacedHex(entry.bytes);
  const before = spacedHex(entry.bytes.subarray(0, r.at));
  const after = spacedHex(entry.bytes.subarray(r.at));
  return [before, `<redacted ${r.length} bytes>`, after].filter((s) => s.length > 0).join(" ");
}

/** One readable line, e.g. `#2  +0.412 ms  pcsc:Virtual PCD 00 00  << 90 00  [9000 OK]  0.4 ms`. */
export function formatTraceEntry(entry: TraceEntry): string {
  const parts = [`#${entry.seq}`, `+${entry.time.toFixed(3)} ms`, entry.link, MARK[entry.direction]];
  if (entry.event !== undefined) parts.push(entry.event);
  const hex = traceEntryHex(entry);
  if (hex.length > 0) parts.push(hex);
  if (entry.sw !== undefined) parts.push(`[${describeStatusWord(entry.sw)}]`);
  if (entry.detail !== undefined) parts.push(entry.detail);
  if (entry.durationMs !== undefined) parts.push(`(${entry.durationMs.toFixed(3)} ms)`);
  return parts.join("  ");
}

/** The JSON form of an entry. */
export function traceEntryToJson(entry: TraceEntry): TraceEntryJson {
  const json: TraceEntryJson = { seq: entry.seq, time: round(entry.time), direction: entry.direction, link: entry.link, hex: toHex(entry.bytes) };
  if (entry.redacted) json.redacted = { at: entry.redacted.at, length: entry.redacted.length };
  if (entry.sw !== undefined) {
    json.sw = entry.sw.toString(16).toUpperCase().padStart(4, "0");
    json.status = describeStatusWord(entry.sw);
  }
  if (entry.durationMs !== undefined) json.durationMs = round(entry.durationMs);
  if (entry.event !== undefined) json.event = entry.event;
  if (entry.detail !== undefined) json.detail = entry.detail;
  return json;
}
