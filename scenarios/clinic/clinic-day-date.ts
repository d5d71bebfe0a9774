/**
 * The date a simulated counter day takes place on. A seeded day never reads the wall clock for what it decides
 * (ages, certificate validity, eligibility): the same seed gives the same day whenever it runs.
 */

const DAY_MS = 86_400_000;

/** First and last date a day may take place on: certificates issued for it (up to 5 years back, 4 ahead) stay inside the test CA's validity, 2020–2040 (sim/pki). */
export const FIRST_DAY = "2026-01-01";
export const LAST_DAY = "2034-12-31";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of `YYYY-MM-DD` in ms, or undefined when the text is not a real calendar date. */
function utcMidnight(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : undefined;
}

/** The default date of a seeded day: one of the 365 days from {@link FIRST_DAY}, chosen by the seed. */
export function seededDayDate(seed: number): string {
  const first = utcMidnight(FIRST_DAY) as number;
  return new Date(first + ((seed >>> 0) % 365) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Checks a day's date (`YYYY-MM-DD`, from {@link FIRST_DAY} to {@link LAST_DAY}) and returns when the day opens:
 * 09:00 in Japan (00:00 UTC). Throws a `RangeError` that says what is wrong.
 */
export function dayOpening(date: string): Date {
  const t = utcMidnight(date);
  if (t === undefined) throw new RangeError(`the day's date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (t < (utcMidnight(FIRST_DAY) as number) || t > (utcMidnight(LAST_DAY) as number)) {
    throw new RangeError(`the day's date must be from ${FIRST_DAY} to ${LAST_DAY} (the test CA is valid 2020–2040), got ${date}`);
  }
  return new Date(t);
}

/** The day's clock: the opening time plus the real time elapsed since this call (timers stay real). */
export function dayClock(opening: Date): () => number {
  const origin = performance.now();
  const start = opening.getTime();
  return () => start + Math.floor(performance.now() - origin);
}
