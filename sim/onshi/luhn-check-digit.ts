/**
 * The Luhn check digit, shared by the 保険者番号 (`insurer-number.ts`) and the 医療機関コード
 * (`medical-institution-code.ts`): (1) multiply the digits by 2 and 1 alternately, starting with 2 at the last of them;
 * (2) add the products, a two-digit product counting as the sum of its digits; (3) the check digit is 10 minus the last
 * digit of that sum, or 0 when the last digit is 0. Public worked examples: 3312001 → 5 (insurer number 33120015);
 * 011011371 → 9 (medical institution code 0110113719).
 */

const DIGITS = /^\d+$/;

/** The Luhn check digit of `digits` (one or more decimal digits). Throws a RangeError on anything else. */
export function luhnCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new RangeError(`Luhn input must be decimal digits, got ${JSON.stringify(digits)}`);
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i--, weight = 3 - weight) {
    const product = Number(digits[i]) * weight;
    sum += product >= 10 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}
