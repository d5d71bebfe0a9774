/**
 * 保険者番号 (insurer number): 8 digits = 法別番号 2 + 都道府県番号 2 + 保険者別番号 3 + 検証番号 1, or 6 digits for
 * 国民健康保険 (no 法別番号: 都道府県番号 2 + 保険者別番号 3 + 検証番号 1).
 *
 * The check digit (検証番号), per MHLW's 保険者番号設定要領 as quoted publicly
 * (http://www5f.biglobe.ne.jp/~h-it/mlcont/mc0124.htm, https://iryoujimu-blog.com/2018/05/15/ …):
 * (1) multiply the digits before it by 2 and 1 alternately, starting with 2 at the last of them;
 * (2) add the products, a two-digit product counting as the sum of its digits;
 * (3) the check digit is 10 minus the last digit of that sum, or 0 when the last digit is 0.
 * Worked example from the first source: 3312001 → 5 (33120015). It is the Luhn scheme (`luhn-check-digit.ts`).
 */
import { luhnCheckDigit } from "./luhn-check-digit.ts";

const BODY = /^(?:\d{5}|\d{7})$/;
const NUMBER = /^(?:\d{6}|\d{8})$/;

/** The 検証番号 of a 5- or 7-digit insurer-number body. Throws a RangeError on anything else. */
export function insurerCheckDigit(body: string): number {
  if (!BODY.test(body)) throw new RangeError(`insurer number body must be 5 or 7 digits, got ${JSON.stringify(body)}`);
  return luhnCheckDigit(body);
}

/** The full insurer number: `body` followed by its check digit. */
export function completeInsurerNumber(body: string): string {
  return body + String(insurerCheckDigit(body));
}

/** Whether `value` is a 6- or 8-digit insurer number with a valid check digit. */
export function isValidInsurerNumber(value: string): boolean {
  return NUMBER.test(value) && insurerCheckDigit(value.slice(0, -1)) === Number(value.at(-1));
}
