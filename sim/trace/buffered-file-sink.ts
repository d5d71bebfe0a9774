import { closeSync, openSync, writeSync } from "node:fs";

/** Options of a {@link BufferedFileSink}. */
export interface BufferedFileSinkOptions {
  /** Bytes gathered before they are written (default 256 KiB); a larger write goes out at once. */
  bufferBytes?: number;
}

/**
 * An append-only file written synchronously in chunks: writes gather in a bounded buffer that goes to disk when full,
 * on {@link flush} and on {@link close}. Memory stays bounded whatever the traffic, and the bytes are on disk while a
 * session is still running. The first failed write is kept in {@link error}; later writes are dropped (no throw:
 * callers write from a device's serving loop).
 */
export class BufferedFileSink {
  /** The file's path. */
  readonly path: string;
  private fd: number | undefined;
  private readonly bufferBytes: number;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private written = 0;
  private failure: Error | undefined;

  /** Opens (creates or truncates) `path`; throws the system error when it cannot (the caller names its flag). */
  constructor(path: string, options: BufferedFileSinkOptions = {}) {
    this.path = path;
    this.bufferBytes = Math.max(1, options.bufferBytes ?? 256 * 1024);
    this.fd = openSync(path, "w", 0o644);
  }

  /** Bytes handed to the file system so far. */
  get bytesWritten(): number {
    return this.written;
  }

  /** The first write error, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Appends bytes or UTF-8 text. */
  write(data: Uint8Array | string): void {
    if (this.fd === undefined || this.failure) return;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    if (this.buffered >= this.bufferBytes) this.flush();
  }

  /** Writes what is buffered. */
  flush(): void {
    const fd = this.fd;
    const chunks = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    if (fd === undefined || this.failure) return;
    try {
      for (const chunk of chunks) {
        // writeSync may write less than asked (a full disk, a signal): bounded by the chunk's length.
        for (let at = 0; at < chunk.length; ) {
          const n = writeSync(fd, chunk, at, chunk.length - at);
          if (n <= 0) throw new Error(`wrote 0 bytes to ${this.path}`);
          at += n;
          this.written += n;
        }
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Flushes and closes the file. Further writes are dropped. */
  close(): void {
    this.flush();
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    }
  }
}
