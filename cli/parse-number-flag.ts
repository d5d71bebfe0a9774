import { UsageError } from "./cli-error.ts";

/** A whole decimal number: digits only (no sign, no `0x`/`0b`/`0o`, no exponent, no spaces, no `_`). */
const WHOLE = /^[0-9]+$/;
/** A decimal number with an optional fraction: `0.25`, `.5`, `1`. */
const DECIMAL = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/**
 * Parses a numeric flag written in decimal and checks its range; the {@link UsageError} names the flag and the range.
 * `Number()` alone would take `0x10`, `1e2`, `+5` and surrounding spaces; a flag takes plain decimal digits only.
 * @param integer - require a whole number (default true)
 */
export function parseNumberFlag(value: string, flag: string, range: { min: number; max: number; integer?: boolean }): number {
  const whole = range.integer !== false;
  const n = Number(value);
  if (!(whole ? WHOLE : DECIMAL).test(value) || !Number.isFinite(n) || n < range.min || n > range.max) {
    throw new UsageError(`${flag}: must be ${whole ? "a whole number" : "a number"} from ${range.min} to ${range.max}, in decimal digits, got ${JSON.stringify(value)}`);
  }
  return n;
}
