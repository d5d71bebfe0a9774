import type { ReaderClock } from "./reader-clock.ts";

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** A {@link ReaderClock} that moves only when told: {@link advance} fires due timers in time order. */
export class ManualClock implements ReaderClock {
  private time: number;
  private seq = 0;
  private readonly pending = new Set<Pending>();

  /** @param start the initial time in ms since the epoch (default: the real time now). */
  constructor(start: number = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const entry: Pending = { at: this.time + Math.max(0, ms), seq: this.seq++, callback };
    this.pending.add(entry);
    return () => this.pending.delete(entry);
  }

  /** Timers armed and not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.pending.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, earliest first (timers armed meanwhile included). */
  advance(ms: number): void {
    const target = this.time + Math.max(0, ms);
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) if (p.at <= target && (next === undefined || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      if (next === undefined) break;
      this.pending.delete(next);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = target;
  }
}
