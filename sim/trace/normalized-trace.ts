import { describeStatusWord } from "../apdu/status-word.ts";
import { ApduNamer, type NamedCommand, placeholder } from "./apdu-names.ts";
import { spacedHex } from "./spaced-hex.ts";
import type { TraceEntry } from "./trace-entry.ts";

/** First line of every normalized trace; `trace diff` recognises a normalized file by it. */
export const NORMALIZED_TRACE_HEADER = "# myna-hil normalized trace v1: no times, ports or handles; secrets redacted; random content as lengths";

/** Options of {@link normalizeTrace}. */
export interface NormalizeTraceOptions {
  /**
   * Only the APDU lines: no link lines and no events (resets, ATRs, closes, errors). For comparing with a pcapng
   * file, which holds commands and responses only (docs/domain/traces.md).
   */
  apdusOnly?: boolean;
}

/** Response data at most this long is shown as hex when it is the start of a file (a DER header) and not random. */
const SHOWN_ANSWER_BYTES = 8;

/** Events that end a command still waiting for its answer (it then shows `(no answer)`); a `close` may come between a command and its answer. */
const FLUSHING_EVENTS = new Set(["error"]);

/**
 * The normalized text form of a trace (docs/domain/traces.md): what two runs of the same scenario have in common, so
 * they can be diffed line by line. One APDU a line — the command's decoded name (`SELECT AID JPKI`, `READ BINARY 000A
 * AUTH_CERT off 256 len 256`, `VERIFY 0018 AUTH_PIN <redacted 4 bytes>`, `COMPUTE DIGITAL SIGNATURE …`) and its
 * answer (`<256 bytes> · 9000 OK`). No sequence numbers, times, durations, ports or handles; secrets stay redacted (they
 * were cut when recorded); random content — challenges, signatures, certificate bodies (fresh serial numbers and
 * signatures each run), the PUPI in a full-ATQB ATR — becomes a length placeholder. A line `@ link` marks each change
 * of link, `** event` each link event.
 */
export function normalizeTrace(entries: readonly TraceEntry[], options: NormalizeTraceOptions = {}): string {
  return `${[NORMALIZED_TRACE_HEADER, ...normalizeTraceLines(entries, options)].join("\n")}\n`;
}

/** The lines of {@link normalizeTrace}, without its header. */
export function normalizeTraceLines(entries: readonly TraceEntry[], options: NormalizeTraceOptions = {}): string[] {
  const lines: string[] = [];
  // Per link: the card's selected application and EF, and the command waiting for its answer. Links interleave
  // (another reader's close comes between a command and its answer), so answers pair with their own link's command.
  const links = new Map<string, { namer: ApduNamer; pending: NamedCommand | undefined }>();
  let shownLink: string | undefined;
  const emit = (link: string, text: string): void => {
    if (options.apdusOnly !== true && link !== shownLink) lines.push(`@ ${link}`);
    shownLink = link;
    if (options.apdusOnly !== true || !text.startsWith("** ")) lines.push(text);
  };
  const stateOf = (link: string): { namer: ApduNamer; pending: NamedCommand | undefined } => {
    let state = links.get(link);
    if (!state) links.set(link, (state = { namer: new ApduNamer(), pending: undefined }));
    return state;
  };
  const flush = (link: string): void => {
    const state = stateOf(link);
    if (state.pending) emit(link, `${state.pending.text} → (no answer)`);
    state.pending = undefined;
  };
  for (const entry of entries) {
    const link = normalizeVolatileText(entry.link);
    const state = stateOf(link);
    if (entry.direction === "command") {
      flush(link);
      state.pending = state.namer.name(entry.bytes, entry.redacted);
    } else if (entry.direction === "response") {
      const command = state.pending;
      state.pending = undefined;
      emit(link, `${command?.text ?? "(no command)"} → ${answerText(entry, command)}`);
    } else {
      // The names keep following the last SELECT across resets: they say what the host meant; the status word says
      // what the card made of it (a pcapng file, which has no events, names the same way).
      if (FLUSHING_EVENTS.has(entry.event ?? "")) flush(link);
      emit(link, eventText(entry));
    }
  }
  for (const link of links.keys()) flush(link);
  return lines;
}

function answerText(entry: TraceEntry, command: NamedCommand | undefined): string {
  const n = entry.bytes.length;
  if (n < 2) return `${placeholder(n)} (no status word)`;
  const dataLength = n - 2;
  const sw = describeStatusWord(entry.sw ?? (((entry.bytes[n - 2] as number) << 8) | (entry.bytes[n - 1] as number)));
  if (dataLength === 0) return sw;
  const shown = command !== undefined && !command.randomAnswer && command.readsFileStart && dataLength <= SHOWN_ANSWER_BYTES;
  return `${shown ? spacedHex(entry.bytes.subarray(0, dataLength)) : placeholder(dataLength)} · ${sw}`;
}

function eventText(entry: TraceEntry): string {
  const parts = [`** ${entry.event ?? "event"}`];
  if (entry.bytes.length > 0) parts.push(normalizeAtr(entry.bytes));
  if (entry.detail !== undefined) parts.push(normalizeVolatileText(entry.detail));
  return parts.join("  ");
}

/**
 * An ATR with its random part replaced: a reader that reports the whole ATQB puts the device's PUPI (random for
 * phones and for some cards) into it, and the TCK follows it (docs/domain/read-failures.md#pcsc). Other ATRs are kept.
 */
export function normalizeAtr(atr: Uint8Array): string {
  // `3B 8C 80 01 50 <PUPI 4> <application data 4> <protocol info 3> TCK` (sim/apdu ContactlessAtr.fullAtqb).
  if (atr.length === 17 && atr[0] === 0x3b && atr[1] === 0x8c && atr[2] === 0x80 && atr[3] === 0x01 && atr[4] === 0x50) {
    return `3B 8C 80 01 50 <PUPI 4 bytes> ${spacedHex(atr.subarray(9, 16))} <TCK>`;
  }
  return spacedHex(atr);
}

/**
 * Text with what differs between runs of the same thing cut out: ports (`127.0.0.1:34567` → `127.0.0.1:<port>`),
 * handles (`0x7f3a…` → `0x<handle>`), fractional durations (`0.412 ms` → `<ms>`) and ISO timestamps.
 */
export function normalizeVolatileText(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
    .replace(/((?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-fA-F:]+\]|[a-z][a-z0-9.-]*\.(?:invalid|local|test)):\d{1,5}\b/g, "$1:<port>")
    .replace(/\bport \d{1,5}\b/g, "port <port>")
    .replace(/\b0x[0-9a-fA-F]{5,}\b/g, "0x<handle>")
    .replace(/\bhandle \d+\b/g, "handle <handle>")
    .replace(/\b\d+\.\d+ ?ms\b/g, "<ms>");
}
