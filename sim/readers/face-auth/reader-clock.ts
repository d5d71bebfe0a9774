/**
 * Time as a face-auth reader sees it: the wall clock (for certificate dates) and one-shot timers (for screen
 * time-outs). Injectable so tests and scenarios drive time-outs without sleeping ({@link ManualClock}).
 */
export interface ReaderClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `ms`; returns a function that cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

/** The real clock and timers (timers do not keep the process alive). */
export const systemClock: ReaderClock = Object.freeze({
  now: () => Date.now(),
  setTimer(callback: () => void, ms: number): () => void {
    const timer = setTimeout(callback, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
});
