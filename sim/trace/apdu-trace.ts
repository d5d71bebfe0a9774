import { redactCommand, SECRET_INSTRUCTIONS } from "./redaction.ts";
import { formatTraceEntry, type TraceEntry, type TraceEntryJson, traceEntryToJson } from "./trace-entry.ts";

/** Options of an {@link ApduTrace}. */
export interface ApduTraceOptions {
  /** Entries kept (up to a quarter more between trims); older ones are dropped and counted. Default 100,000. */
  limit?: number;
  /** Instructions whose data is secret (default {@link SECRET_INSTRUCTIONS}). */
  secretInstructions?: ReadonlySet<number>;
}

/** Options of {@link ApduTrace.command}. */
export interface TraceCommandOptions {
  /** Record secret data as it is. Only for debugging with test credentials; never on by default. */
  revealSecrets?: boolean;
}

/**
 * A recorder of APDU traffic: commands (redacted), responses with their status word and duration, link events.
 * Secrets are cut when a command is recorded, so neither {@link toText} nor {@link toJsonLines} can show them.
 */
export class ApduTrace {
  /** Wall-clock time the trace started (ms since the epoch); entry times are relative to it. */
  readonly startedAt: number;
  private readonly origin: number;
  private readonly limit: number;
  private readonly secretInstructions: ReadonlySet<number>;
  private readonly list: TraceEntry[] = [];
  private seq = 0;
  private droppedCount = 0;

  constructor(options: ApduTraceOptions = {}) {
    this.startedAt = Date.now();
    this.origin = performance.now();
    this.limit = Math.max(1, options.limit ?? 100_000);
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

  /** Entries dropped because of the limit. */
  get dropped(): number {
    return this.droppedCount;
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
    // Trim in batches (a quarter of the limit) so recording stays O(1) amortised.
    if (this.list.length > this.limit + Math.floor(this.limit / 4)) {
      const excess = this.list.length - this.limit;
      this.list.splice(0, excess);
      this.droppedCount += excess;
    }
    return full;
  }
}
