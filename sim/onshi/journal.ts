import { mkdir, open, readFile } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { DataFileError } from "./data-file-error.ts";

/** Options of {@link Journal.open}. */
export interface JournalOptions<E> {
  /** Checks one parsed line (without its `seq`) and returns it typed; throws when the line is not an entry. */
  parse: (value: unknown) => E;
  /** `fsync` (default): each group commit ends with fdatasync before its appends resolve. `none`: no sync (tests). */
  sync?: "fsync" | "none";
  /** Told about tolerated damage: a torn tail, a duplicated line. Default: ignore. */
  onWarning?: (message: string) => void;
}

/** What {@link Journal.open} found: the journal, ready for appends, and the entries to replay with their line numbers. */
export interface OpenedJournal<E> {
  journal: Journal<E>;
  /** The entries, in order, duplicates skipped. */
  entries: E[];
  /** The 1-based line of each entry of `entries` (for errors that name the line). */
  lines: number[];
}

/** A journal line that is complete but not an entry (or cannot be replayed): the file is damaged, not torn. */
export class JournalCorruptError extends DataFileError {
  constructor(
    file: string,
    /** The 1-based line at fault. */
    readonly line: number,
    cause: unknown,
    what = "is not a journal entry",
  ) {
    super(file, `line ${line} ${what} (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = "JournalCorruptError";
  }
}

interface Pending {
  bytes: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The reserved key of the id every line carries. */
const SEQ = "seq";

/** A parsed line split into its id (absent on lines written before ids) and the entry. */
function splitSeq(value: unknown): { seq: number | undefined; entry: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !(SEQ in value)) return { seq: undefined, entry: value };
  const { [SEQ]: seq, ...entry } = value as Record<string, unknown>;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) throw new TypeError(`${SEQ}: must be a positive integer, got ${JSON.stringify(seq)}`);
  return { seq, entry };
}

/**
 * An append-only journal of JSON lines with group commit: appends that arrive while a write+fdatasync is in flight are
 * written together by the next one, so throughput grows with concurrency while every append resolves only once its line
 * is on disk.
 *
 * Every line carries an id, `seq`, monotonic per journal (1, 2, 3…; the entry's own fields follow it on the same
 * object, so `seq` is a reserved key). Replay is idempotent: a line whose `seq` is not above the last one seen repeats
 * an earlier line (a duplicated line) and is skipped with a warning. Lines written before ids (no `seq`) are replayed
 * as they are, without that check; appends continue them with ids.
 *
 * On open, complete lines are replayed; a torn last line (no newline, or not JSON) is reported through `onWarning` and
 * cut off so that later appends start on a clean line. A line that is not JSON elsewhere, or a complete JSON line that
 * `parse` refuses anywhere, is corruption ({@link JournalCorruptError}, naming the file and line). After a failed write
 * the journal cuts the file back to its last complete entry and refuses further appends (the caller decides what to
 * do; nothing acknowledged is lost).
 */
export class Journal<E> {
  readonly #handle: FileHandle;
  readonly #sync: boolean;
  #size: number;
  #seq: number;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;
  #failure: unknown;
  #closed = false;
  #appends = 0;
  #commits = 0;

  private constructor(
    /** The journal file. */
    readonly file: string,
    handle: FileHandle,
    size: number,
    seq: number,
    sync: boolean,
  ) {
    this.#handle = handle;
    this.#size = size;
    this.#seq = seq;
    this.#sync = sync;
  }

  /**
   * Opens (creating it and its directory when missing) and replays the journal. Throws {@link JournalCorruptError} on
   * a damaged line and a {@link DataFileError} when the file cannot be read.
   */
  static async open<E>(file: string, options: JournalOptions<E>): Promise<OpenedJournal<E>> {
    await mkdir(path.dirname(file), { recursive: true });
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new DataFileError(file, `cannot be read (${(error as Error).message})`, { cause: error });
      content = Buffer.alloc(0);
    }
    const entries: E[] = [];
    const lines: number[] = [];
    let lastSeq = 0;
    let good = 0;
    let lineNumber = 0;
    while (good < content.length) {
      const newline = content.indexOf(0x0a, good);
      lineNumber++;
      if (newline < 0) {
        options.onWarning?.(`${file}: ignored a torn last line ${lineNumber} (${content.length - good} bytes without a newline)`);
        break;
      }
      const text = content.subarray(good, newline).toString("utf8");
      if (text.trim() !== "") {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          if (newline + 1 < content.length) throw new JournalCorruptError(file, lineNumber, error);
          options.onWarning?.(`${file}: ignored a torn last line ${lineNumber} (not a journal entry)`);
          break;
        }
        let split: { seq: number | undefined; entry: unknown };
        let entry: E;
        try {
          split = splitSeq(value);
          entry = options.parse(split.entry);
        } catch (error) {
          throw new JournalCorruptError(file, lineNumber, error);
        }
        if (split.seq !== undefined && split.seq <= lastSeq) {
          options.onWarning?.(`${file}: line ${lineNumber} repeats entry ${split.seq} (a duplicated line): skipped`);
        } else {
          if (split.seq !== undefined) lastSeq = split.seq;
          entries.push(entry);
          lines.push(lineNumber);
        }
      }
      good = newline + 1;
    }
    const handle = await open(file, "a+", 0o600);
    try {
      if (good < content.length) {
        await handle.truncate(good);
        await handle.datasync();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    return { journal: new Journal<E>(file, handle, good, lastSeq, options.sync !== "none"), entries, lines };
  }

  /** Appends one entry (an object; `seq` is added); resolves once it is written (and synced), rejects when the journal failed or is closed. */
  append(entry: E): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`journal ${this.file} is closed`));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const bytes = Buffer.from(`${JSON.stringify({ [SEQ]: ++this.#seq, ...(entry as object) })}\n`, "utf8");
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ bytes, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        const data = batch.length === 1 ? (batch[0] as Pending).bytes : Buffer.concat(batch.map((p) => p.bytes));
        try {
          if (this.#failure !== undefined) throw this.#failure;
          let written = 0;
          while (written < data.length) written += (await this.#handle.write(data, written, data.length - written, this.#size + written)).bytesWritten;
          if (this.#sync) await this.#handle.datasync();
          this.#size += data.length;
          this.#appends += batch.length;
          this.#commits++;
          for (const p of batch) p.resolve();
        } catch (error) {
          this.#failure ??= error;
          await this.#handle.truncate(this.#size).catch(() => undefined);
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.#draining = undefined;
    }
  }

  /** Appends acknowledged so far, and the group commits (writes + syncs) they took. */
  get stats(): { appends: number; commits: number; bytes: number } {
    return { appends: this.#appends, commits: this.#commits, bytes: this.#size };
  }

  /** Whether a write failed (the journal then refuses appends). */
  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /** Waits for pending appends, then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#draining !== undefined) await this.#draining;
    await this.#handle.close();
  }
}
