import { redactCommand, SECRET_INSTRUCTIONS } from "./redaction.ts";
import { formatTraceEntry, type TraceEntry, type TraceEntryJson, traceEntryToJson } from "./trace-entry.ts";

/** Options of an {@link ApduTrace}. */
export interface ApduTraceOptions {
  /** Entries kept (up to a quarter more between trims); older ones are dropped and counted. Default 100,000. */
  limit?: number;
  /**
   * Bytes kept in memory: the entries' bytes plus {@link ENTRY_OVERHEAD_BYTES} each (up to a quarter more between
   * trims, and always the newest entry); older entries are dropped and counted. Default 64 MiB. A long session that
   * must keep everything streams it to disk through {@link ApduTrace.subscribe} (`TraceFileWriter`).
   */
  maxBytes?: number;
  /** Instructions whose data is secret (default {@link SECRET_INSTRUCTIONS}). */
  secretInstructions?: ReadonlySet<number>;
}

/** Options of {@link ApduTrace.command}. */
export interface TraceCommandOptions {
  /** Record secret data as it is. Only for debugging with test credentials; never on by default. */
  revealSecrets?: boolean;
}

/** What one entry is counted as besides its bytes, for {@link ApduTraceOptions.maxBytes}: the object and its fields. */
export const ENTRY_OVERHEAD_BYTES = 160;

/** Called with every entry as it is recorded (already redacted). */
export type TraceListener = (entry: TraceEntry) => void;

/**
 * A recorder of APDU traffic: commands (redacted), responses with their status word and duration, link events.
 * Secrets are cut when a command is recorded, so neither {@link toText} nor {@link toJsonLines} can show them.
 */
export class ApduTrace {
  /** Wall-clock time the trace started (ms since the epoch); entry times are relative to it. */
  readonly startedAt: number;
  private readonly origin: number;
  private readonly limit: number;
  private readonly maxBytes: number;
  private readonly listeners = new Set<TraceListener>();
  private held = 0;
  private listenerFailures = 0;
  private readonly secretInstructions: ReadonlySet<number>;
  private readonly list: TraceEntry[] = [];
  private seq = 0;
  private droppedCount = 0;

  constructor(options: ApduTraceOptions = {}) {
    this.startedAt = Date.now();
    this.origin = performance.now();
    this.limit = Math.max(1, options.limit ?? 100_000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 64 * 1024 * 1024);
    this.secretInstructions = options.secretInstructions ?? SECRET_INSTRUCTIONS;
  }

  /** Milliseconds since the trace started (high resolution). */
  now(): number {
    return performance.now() - this.origin;
  }

  /** The entries kept, oldest first. */
  get entries(): readonly TraceEntry[] {
    return this.list;
  }

  /** Entries dropped because of the limits. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Bytes the kept entries count for ({@link ApduTraceOptions.maxBytes}). */
  get heldBytes(): number {
    return this.held;
  }

  /** Times a listener threw; recording went on. */
  get listenerErrors(): number {
    return this.listenerFailures;
  }

  /**
   * Calls `listener` with every entry recorded from now on, including the ones the limits later drop from memory.
   * Returns the function that stops it. A listener that throws is counted ({@link listenerErrors}), never propagated:
   * recording happens inside a device's serving loop.
   */
  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a command sent on `link`; its secret data is cut unless `revealSecrets` is set. */
  command(link: string, bytes: Uint8Array, options?: TraceCommandOptions): TraceEntry {
    if (options?.revealSecrets === true) return this.push({ direction: "command", link, bytes: new Uint8Array(bytes) });
    const { bytes: kept, redacted } = redactCommand(bytes, this.secretInstructions);
    return this.push({ direction: "command", link, bytes: kept === bytes ? new Uint8Array(bytes) : kept, ...(redacted ? { redacted } : {}) });
  }

  /** Records a response received on `link` after `durationMs`. */
  response(link: string, bytes: Uint8Array, durationMs: number): TraceEntry {
    const n = bytes.length;
    const sw = n >= 2 ? ((bytes[n - 2] as number) << 8) | (bytes[n - 1] as number) : undefined;
    return this.push({ direction: "response", link, bytes: new Uint8Array(bytes), durationMs, ...(sw !== undefined ? { sw } : {}) });
  }

  /** Records a link event (`reset`, `atr`, `close`, `error`…), with optional bytes (e.g. an ATR), detail and duration. */
  event(link: string, event: string, details: { bytes?: Uint8Array; detail?: string; durationMs?: number } = {}): TraceEntry {
    const entry: Omit<TraceEntry, "seq" | "time"> = {
      direction: "event",
      link,
      event,
      bytes: details.bytes ? new Uint8Array(details.bytes) : new Uint8Array(0),
      ...(details.detail !== undefined ? { detail: details.detail } : {}),
      ...(details.durationMs !== undefined ? { durationMs: details.durationMs } : {}),
    };
    return this.push(entry);
  }

  /** Forgets every entry. */
  clear(): void {
    this.list.length = 0;
    this.droppedCount = 0;
    this.held = 0;
  }

  /** The readable form: a header line, then one line per entry. */
  toText(): string {
    const header = `# APDU trace started ${new Date(this.startedAt).toISOString()}, ${this.list.length} entries${this.droppedCount > 0 ? ` (${this.droppedCount} older dropped)` : ""}`;
    return [header, ...this.list.map(formatTraceEntry)].join("\n") + "\n";
  }

  /** One JSON object per line. */
  toJsonLines(): string {
    return this.list.map((e) => JSON.stringify(traceEntryToJson(e)) + "\n").join("");
  }

  /** The entries in JSON form (used by `JSON.stringify`). */
  toJSON(): TraceEntryJson[] {
    return this.list.map(traceEntryToJson);
  }

  /** Same as {@link toText}. */
  toString(): string {
    return this.toText();
  }

  private push(entry: Omit<TraceEntry, "seq" | "time">): TraceEntry {
    const full: TraceEntry = { seq: ++this.seq, time: this.now(), ...entry };
    this.list.push(full);
    this.held += weight(full);
    // Trim in batches (a quarter of each limit) so recording stays O(1) amortised.
    if (this.list.length > this.limit + Math.floor(this.limit / 4)) this.trim(this.list.length - this.limit);
    if (this.held > this.maxBytes + Math.floor(this.maxBytes / 4)) {
      let excess = 0;
      let bytes = this.held;
      while (bytes > this.maxBytes && excess < this.list.length - 1) bytes -= weight(this.list[excess++] as TraceEntry);
      this.trim(excess);
    }
    for (const listener of this.listeners) {
      try {
        listener(full);
      } catch {
        this.listenerFailures++;
      }
    }
    return full;
  }

  private trim(count: number): void {
    if (count <= 0) return;
    for (let i = 0; i < count; i++) this.held -= weight(this.list[i] as TraceEntry);
    this.list.splice(0, count);
    this.droppedCount += count;
  }
}

function weight(entry: TraceEntry): number {
  return entry.bytes.length + ENTRY_OVERHEAD_BYTES;
}
