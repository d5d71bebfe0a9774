import { addYears, firstOfMonth } from "./japan-date.ts";

/**
 * Income category of an insured person aged 70 or more (MODELLED: the real category comes from the insurer's
 * municipal tax data, which the simulator does not have; it is a field of the synthetic record):
 * `general` 一般, `general-high` 一定以上所得 (75+ only: 20% since October 2022), `active` 現役並み所得 (30%).
 */
export type IncomeCategory = "general" | "general-high" | "active";

/**
 * 一部負担金割合 on `date` for a person born on `birthdate` (both `YYYYMMDD`), as the 3-digit string the result files
 * use (`030` = 30%). Public rules (健康保険法 / 高齢者医療確保法), with Japan's legal age (one turns N the day before
 * the N-th birthday):
 * - 義務教育就学前 (before the April 1 on which the child starts school): 20%;
 * - up to 69: 30%;
 * - 70–74, from the first of the month after the 70th birthday (the birthday's own month when born on the 1st):
 *   20%, 現役並み 30%;
 * - 75 and over (後期高齢者, from the 75th birthday): 10%, 一定以上所得 20%, 現役並み 30%.
 */
export function copaymentRatio(birthdate: string, date: string, income: IncomeCategory = "general"): string {
  const born = birthdate.slice(4);
  // Born 2 April – 1 April: the same school year. A child born on or before 1 April starts at 6, later ones at 7.
  const schoolStart = `${Number(birthdate.slice(0, 4)) + (born <= "0401" ? 6 : 7)}0401`;
  if (date < schoolStart) return "020";
  if (date >= addYears(birthdate, 75)) return income === "active" ? "030" : income === "general-high" ? "020" : "010";
  const seventieth = addYears(birthdate, 70);
  const seventyFrom = seventieth.endsWith("01") ? seventieth : firstOfMonth(seventieth, 1);
  if (date >= seventyFrom) return income === "active" ? "030" : "020";
  return "030";
}
