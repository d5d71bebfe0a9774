/** Options of a {@link RateLimitedLog}. */
export interface RateLimitedLogOptions {
  /** Lines written per interval before the rest are only counted (default 5). */
  burst?: number;
  /** The interval, in ms (default 10,000). */
  intervalMs?: number;
  /** The clock, in ms (default `performance.now`). */
  now?: () => number;
  /** What the lines are, for the count line, e.g. `vpcd errors` (default `messages`). */
  what?: string;
}

/**
 * A log that cannot flood: the first `burst` lines of each interval are written, the others only counted, and the
 * count is written as one line (`… 195 more vpcd errors in the last 10 s`) before the next line of a later interval,
 * or on {@link flush}. For errors that a peer can cause once per frame (a bad vpcd frame, a bad device-bus message).
 */
export class RateLimitedLog {
  private readonly write: (line: string) => void;
  private readonly burst: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly what: string;
  private windowStart = Number.NEGATIVE_INFINITY;
  private written = 0;
  private suppressed = 0;

  constructor(write: (line: string) => void, options: RateLimitedLogOptions = {}) {
    this.write = write;
    this.burst = Math.max(1, options.burst ?? 5);
    this.intervalMs = Math.max(1, options.intervalMs ?? 10_000);
    this.now = options.now ?? (() => performance.now());
    this.what = options.what ?? "messages";
  }

  /** Lines counted but not written since the last count line. */
  get pending(): number {
    return this.suppressed;
  }

  /** Writes `message`, or counts it when this interval's burst is used up. */
  log(message: string): void {
    const t = this.now();
    if (t - this.windowStart >= this.intervalMs) {
      this.flush();
      this.windowStart = t;
      this.written = 0;
    }
    if (this.written < this.burst) {
      this.written++;
      this.write(message);
    } else {
      this.suppressed++;
    }
  }

  /** Writes the count of lines suppressed so far, if any. */
  flush(): void {
    if (this.suppressed === 0) return;
    const n = this.suppressed;
    this.suppressed = 0;
    this.write(`… ${n} more ${this.what} in the last ${Math.round(this.intervalMs / 1000)} s`);
  }
}
