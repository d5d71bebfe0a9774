/**
 * Samples the process's resident set size (every thread: worker threads share the process) at a fixed interval and
 * keeps the peak. `process.memoryUsage.rss()` is a cheap syscall, unlike `process.memoryUsage()`.
 */
export class MemorySampler {
  #peak = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param intervalMs - sampling period (default 20 ms). */
  constructor(readonly intervalMs = 20) {}

  /** Starts sampling (again), from a fresh peak. */
  start(): void {
    this.stop();
    this.#peak = process.memoryUsage.rss();
    this.#timer = setInterval(() => this.#sample(), this.intervalMs);
  }

  /** Stops sampling and returns the peak in bytes (with a last sample). */
  stop(): number {
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#sample();
    }
    return this.#peak;
  }

  #sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
  }
}
