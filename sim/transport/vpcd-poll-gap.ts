/**
 * When a synchronous PC/SC call is safe in a thread that also serves vpcd cards.
 *
 * pcscd checks that a vpcd card is present by asking it for its ATR about every 400 ms, and waits for the answer
 * while it holds the reader (docs/domain/pcsc-vpcd.md, "Serving a card and using it from one thread"). The `smartcard`
 * binding's SCardDisconnect and SCardReleaseContext are synchronous: called by the thread that serves the card while
 * such a poll waits, neither can return (pcscd waits for the card, the card's thread waits for pcscd). The window is
 * short (a poll's answer takes ~0.1 ms), so the hang is rare — and then permanent.
 *
 * Each {@link VpcdCardLink} notes here when it answered a poll; {@link waitForPollGap} resolves right after a moment
 * when every card this thread serves was polled recently enough that its next poll is far off. Module state is per
 * thread (each worker thread has its own), which is what matters: only the serving thread can deadlock.
 */

/** pcscd's presence poll period for vpcd, ms (measured here: 401–402 ms between get-ATR requests). */
export const PRESENCE_POLL_MS = 400;
/**
 * A card polled at most this long ago has its next poll at least `PRESENCE_POLL_MS - SAFE_AFTER_POLL_MS` (200 ms) away:
 * far more than a synchronous disconnect takes (well under 1 ms here), with room for the thread being descheduled
 * between the check and the call on a loaded machine.
 */
export const SAFE_AFTER_POLL_MS = 200;

/** Cards in a reader served by this thread → when they last answered a poll (performance.now()), if ever. */
const lastPoll = new Map<object, number | undefined>();
const waiters = new Set<() => void>();

/** A card served by this thread went into a reader (its first poll is still to come). */
export function noteCardInserted(card: object): void {
  lastPoll.set(card, undefined);
}

/** A card served by this thread answered pcscd's presence poll. */
export function notePresencePoll(card: object, at = performance.now()): void {
  lastPoll.set(card, at);
  for (const wake of [...waiters]) wake();
}

/** A card served by this thread left its reader. */
export function noteCardRemoved(card: object): void {
  lastPoll.delete(card);
  for (const wake of [...waiters]) wake();
}

/** True when no card served by this thread expects a poll within the next `PRESENCE_POLL_MS - SAFE_AFTER_POLL_MS`. */
export function inPollGap(now = performance.now()): boolean {
  for (const at of lastPoll.values()) if (at === undefined || now - at > SAFE_AFTER_POLL_MS) return false;
  return true;
}

/**
 * Resolves at once when this thread serves no card or every card it serves was just polled; else right after the
 * next poll that makes that true, or after `timeoutMs` (best effort: then the call goes ahead as before).
 */
export function waitForPollGap(timeoutMs = 2 * PRESENCE_POLL_MS): Promise<void> {
  if (inPollGap()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    };
    const check = (): void => {
      if (inPollGap()) done();
    };
    const timer = setTimeout(done, timeoutMs);
    waiters.add(check);
  });
}
