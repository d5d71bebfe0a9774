/**
 * 医療機関コード (medical institution code) as printed on prescriptions: 10 digits = 都道府県番号 2 + 点数表番号 1
 * (1 medical, 3 dental, 4 pharmacy) + 郡市区番号 2 + 医療機関番号 4 + 検証番号 1. Public descriptions say the check
 * digit is computed over all nine digits before it with the Luhn algorithm (example 0110113719, per the public
 * encyclopedia entry 「処方箋発行医療機関コード」); the algorithm is in `luhn-check-digit.ts`.
 */
import { luhnCheckDigit } from "./luhn-check-digit.ts";

/** 点数表番号 → facility kind. */
export type FacilityKind = "medical" | "dental" | "pharmacy";

const TABLE_NUMBER: Readonly<Record<FacilityKind, string>> = { medical: "1", dental: "3", pharmacy: "4" };

/** Whether `code` is 10 digits with a valid Luhn check digit and a known 点数表番号 (1, 3 or 4). */
export function isValidMedicalInstitutionCode(code: string): boolean {
  return /^\d{2}[134]\d{7}$/.test(code) && luhnCheckDigit(code.slice(0, 9)) === Number(code[9]);
}

/**
 * Builds a valid code from its parts: prefecture (1–47), kind, and a 6-digit local number (郡市区番号 + 医療機関番号).
 * Throws a RangeError on out-of-range parts.
 */
export function medicalInstitutionCode(prefecture: number, kind: FacilityKind, local: number): string {
  if (!Number.isInteger(prefecture) || prefecture < 1 || prefecture > 47) throw new RangeError(`prefecture must be 1–47, got ${prefecture}`);
  if (!Number.isInteger(local) || local < 0 || local > 999_999) throw new RangeError(`local number must be 0–999999, got ${local}`);
  const body = String(prefecture).padStart(2, "0") + TABLE_NUMBER[kind] + String(local).padStart(6, "0");
  return body + String(luhnCheckDigit(body));
}

/** The facility kind a valid code's 点数表番号 tells. */
export function facilityKindOf(code: string): FacilityKind {
  return code[2] === "3" ? "dental" : code[2] === "4" ? "pharmacy" : "medical";
}
