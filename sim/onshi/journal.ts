import { mkdir, open, readFile } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";

/** Options of {@link Journal.open}. */
export interface JournalOptions<E> {
  /** Checks one parsed line and returns it typed; throws when the line is not an entry. */
  parse: (value: unknown) => E;
  /** `fsync` (default): each group commit ends with fdatasync before its appends resolve. `none`: no sync (tests). */
  sync?: "fsync" | "none";
  /** Told about a tolerated torn tail. Default: ignore. */
  onWarning?: (message: string) => void;
}

/** A journal line other than the last could not be read: the file is damaged, not torn. */
export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    cause: unknown,
  ) {
    super(`${file}: line ${line} is not a journal entry (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = "JournalCorruptError";
  }
}

interface Pending {
  bytes: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * An append-only journal of JSON lines with group commit: appends that arrive while a write+fdatasync is in flight are
 * written together by the next one, so throughput grows with concurrency while every append resolves only once its line
 * is on disk. On open, complete lines are replayed; a torn last line (no newline, or not JSON) is reported through
 * `onWarning` and cut off so that later appends start on a clean line. A bad line elsewhere is corruption
 * ({@link JournalCorruptError}). After a failed write the journal cuts the file back to its last complete entry and
 * refuses further appends (the caller decides what to do; nothing acknowledged is lost).
 */
export class Journal<E> {
  readonly #handle: FileHandle;
  readonly #sync: boolean;
  #size: number;
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
    sync: boolean,
  ) {
    this.#handle = handle;
    this.#size = size;
    this.#sync = sync;
  }

  /** Opens (creating it and its directory when missing) and replays the journal. */
  static async open<E>(file: string, options: JournalOptions<E>): Promise<{ journal: Journal<E>; entries: E[] }> {
    await mkdir(path.dirname(file), { recursive: true });
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      content = Buffer.alloc(0);
    }
    const entries: E[] = [];
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
      try {
        if (text.trim() !== "") entries.push(options.parse(JSON.parse(text)));
      } catch (error) {
        if (newline + 1 < content.length) throw new JournalCorruptError(file, lineNumber, error);
        options.onWarning?.(`${file}: ignored a torn last line ${lineNumber} (not a journal entry)`);
        break;
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
    return { journal: new Journal<E>(file, handle, good, options.sync !== "none"), entries };
  }

  /** Appends one entry; resolves once it is written (and synced), rejects when the journal failed or is closed. */
  append(entry: E): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`journal ${this.file} is closed`));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const bytes = Buffer.from(`${JSON.stringify(entry)}\n`, "utf8");
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
