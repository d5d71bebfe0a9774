/**
 * My Number (個人番号): 11 digits and a check digit (総務省令 第5条).
 * With P_n the n-th digit from the right (excluding the check digit) and Q_n = n+1 for n ≤ 6, n−5 for n ≥ 7,
 * r = Σ P_n·Q_n mod 11; the check digit is 0 when r ≤ 1, otherwise 11 − r.
 */
export function myNumberCheckDigit(first11: string): number {
  if (!/^[0-9]{11}$/.test(first11)) throw new RangeError(`My Number body must be 11 digits, got "${first11}"`);
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = first11.charCodeAt(11 - n) - 48;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** Whether `value` is 12 digits with a valid check digit. */
export function isValidMyNumber(value: string): boolean {
  return /^[0-9]{12}$/.test(value) && myNumberCheckDigit(value.slice(0, 11)) === value.charCodeAt(11) - 48;
}

/** Appends the check digit to an 11-digit body. */
export function completeMyNumber(first11: string): string {
  return first11 + String(myNumberCheckDigit(first11));
}
