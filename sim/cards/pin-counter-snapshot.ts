import { isPinDigest, type PinCounter, type PinDigest } from "./pin-counter.ts";

/** Tries left per named PIN counter, e.g. `{ auth: 0, sign: 4 }`: what a card keeps in non-volatile memory besides the PINs themselves. */
export type PinCounterSnapshot = Readonly<Record<string, number>>;

/** Named PIN counters, e.g. `MyNumberCard.pins` or `PhoneToken.pins` (an interface or a record). */
export type PinCounters<T> = { readonly [K in keyof T]: PinCounter };

function entriesOf<T extends PinCounters<T>>(counters: T): [string, PinCounter][] {
  return Object.entries(counters) as [string, PinCounter][];
}

/** The tries left of each counter, by name. */
export function snapshotPinCounters<T extends PinCounters<T>>(counters: T): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, counter] of entriesOf(counters)) out[name] = counter.triesLeft;
  return out;
}

/** An always-wrong presentation: a PIN is never empty (every PIN format needs at least 4 characters). */
const NEVER_THE_PIN = new Uint8Array(0);

/**
 * Brings counters down to the tries left in `snapshot`, for a card restored from a saved state (`attach --state`):
 * a PIN blocked before a restart stays blocked. Uses only {@link PinCounter}'s own behaviour — each wrong presentation
 * uses one try — so the counter's rules stay in one place. Counters can only go down this way: a snapshot with more
 * tries than the counter has (or a name the card does not have) is refused with a `RangeError`, as is a value that is
 * not a whole number from 0 to the counter's maximum.
 */
export function restorePinCounters<T extends PinCounters<T>>(counters: T, snapshot: PinCounterSnapshot): void {
  const byName = new Map(entriesOf(counters));
  for (const [name, triesLeft] of Object.entries(snapshot)) {
    const counter = byName.get(name);
    if (!counter) throw new RangeError(`no PIN counter "${name}" on this device`);
    if (!Number.isInteger(triesLeft) || triesLeft < 0 || triesLeft > counter.maxTries) throw new RangeError(`PIN counter "${name}": tries left must be 0–${counter.maxTries}, got ${triesLeft}`);
    if (triesLeft > counter.triesLeft) throw new RangeError(`PIN counter "${name}" has ${counter.triesLeft} tries left; it cannot be raised to ${triesLeft}`);
  }
  for (const [name, triesLeft] of Object.entries(snapshot)) {
    const counter = byName.get(name) as PinCounter;
    // Bounded by maxTries: each wrong presentation uses exactly one try until the counter blocks.
    while (counter.triesLeft > triesLeft) counter.check(NEVER_THE_PIN);
  }
}

/** The digests of the PINs changed by CHANGE REFERENCE DATA, by counter name (none for a PIN still as issued). */
export function snapshotChangedPins<T extends PinCounters<T>>(counters: T): Record<string, PinDigest> {
  const out: Record<string, PinDigest> = {};
  for (const [name, counter] of entriesOf(counters)) {
    const changed = counter.changed;
    if (changed !== undefined) out[name] = changed;
  }
  return out;
}

/**
 * Gives counters back the PINs changed in an earlier run (`attach --state`), from their digests. An unknown counter
 * name or a malformed digest is refused with a `RangeError` before any counter is touched.
 */
export function restoreChangedPins<T extends PinCounters<T>>(counters: T, changed: Readonly<Record<string, PinDigest>>): void {
  const byName = new Map(entriesOf(counters));
  for (const name of Object.keys(changed)) if (!byName.has(name)) throw new RangeError(`no PIN counter "${name}" on this device`);
  for (const [name, digest] of Object.entries(changed)) {
    if (!isPinDigest(digest)) throw new RangeError(`changed PIN "${name}": the digest must be a hex salt and a 32-byte hex hash`);
  }
  for (const [name, digest] of Object.entries(changed)) (byName.get(name) as PinCounter).restoreChanged(digest);
}
