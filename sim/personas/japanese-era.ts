/** A Japanese era (元号) from Meiji on. */
export type JapaneseEra = "meiji" | "taisho" | "showa" | "heisei" | "reiwa";

/** A date as an era and the year within it (元年 = 1). */
export interface EraYear {
  era: JapaneseEra;
  /** Year within the era, 1 for the first (元年). */
  year: number;
}

/**
 * First days of the eras (Gregorian), newest first — the boundaries soltia48/myna-card uses to build 照合番号B
 * (`src/data.rs`, `Date::to_era`, docs/domain/card-applications.md "照合番号B — exact form"). Meiji is counted from
 * 1868-01-25 there; JPKI's birth-date era code in the signing certificate uses its own table (sim/pki/signing-identity.ts).
 */
const ERAS: readonly { readonly era: JapaneseEra; readonly from: string }[] = [
  { era: "reiwa", from: "2019-05-01" },
  { era: "heisei", from: "1989-01-08" },
  { era: "showa", from: "1926-12-25" },
  { era: "taisho", from: "1912-07-30" },
  { era: "meiji", from: "1868-01-25" },
];

/**
 * The era of a Gregorian `YYYY-MM-DD` date and the year within it (1980-02-17 → 昭和55, 1989-01-07 → 昭和64,
 * 1989-01-08 → 平成元年, 2019-05-01 → 令和元年). Throws `RangeError` for a malformed date or one before Meiji.
 */
export function japaneseEra(date: string): EraYear {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
  const found = ERAS.find((e) => date >= e.from);
  if (found === undefined) throw new RangeError(`${date} predates the Meiji era`);
  return { era: found.era, year: Number(match[1]) - Number(found.from.slice(0, 4)) + 1 };
}

/**
 * A birth date as the card's key EFs take it: `YYMMDD` with YY the year within the Japanese era (和暦), as for the
 * card-face AP's birth-date key `0011` and the first six digits of 照合番号B (myna-card `verification_code_b`,
 * example `550217` for 1980-02-17). Throws `RangeError` when the era year does not fit two digits.
 */
export function eraBirthDate(date: string): string {
  const { year } = japaneseEra(date);
  if (year > 99) throw new RangeError(`era year ${year} of ${date} does not fit in two digits`);
  return `${String(year).padStart(2, "0")}${date.slice(5, 7)}${date.slice(8, 10)}`;
}
