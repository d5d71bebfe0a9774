import { UsageError } from "./cli-error.ts";

/**
 * Parses a numeric flag and checks its range; the {@link UsageError} names the flag and the range.
 * @param integer - require a whole number
 */
export function parseNumberFlag(value: string, flag: string, range: { min: number; max: number; integer?: boolean }): number {
  const n = Number(value);
  const whole = range.integer !== false;
  if (value.trim() === "" || !Number.isFinite(n) || (whole && !Number.isInteger(n)) || n < range.min || n > range.max) {
    throw new UsageError(`${flag}: must be ${whole ? "a whole number" : "a number"} from ${range.min} to ${range.max}, got "${value}"`);
  }
  return n;
}
