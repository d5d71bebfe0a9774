/**
 * Calendar dates as the qualification files write them: `YYYYMMDD` strings in Japan time (UTC+9, no daylight
 * saving). Strings of this form compare correctly with `<` and `>`.
 */

const JST_OFFSET_MS = 9 * 3_600_000;

const DAY_MS = 86_400_000;

/** The last day {@link japanDate} computed: its first and past-last instant (epoch ms) and its text. */
let lastDay = { from: 0, to: 0, text: "" };

/** The Japan-time calendar date of an instant, `YYYYMMDD`. */
export function japanDate(at: Date): string {
  const ms = at.getTime();
  // Every qualification asks for today's date: the day's text is kept and reused while the instant stays inside it.
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.text;
  const text = new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
  const from = Math.floor((ms + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
  lastDay = { from, to: from + DAY_MS, text };
  return text;
}

/** `YYYY-MM-DD` → `YYYYMMDD`. */
export function compactDate(isoDate: string): string {
  return isoDate.replaceAll("-", "");
}

/** The first day of the month of `date` plus `months` (may be negative), `YYYYMMDD`. */
export function firstOfMonth(date: string, months = 0): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(4, 6)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}${String((index % 12) + 1).padStart(2, "0")}01`;
}

/** `date` with the year moved by `years` (29 February becomes 28 February in a common year), `YYYYMMDD`. */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  let monthDay = date.slice(4);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (monthDay === "0229" && !leap) monthDay = "0228";
  return String(year).padStart(4, "0") + monthDay;
}

/** Whether `value` is a real calendar date written `YYYYMMDD`. */
export function isCompactDate(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const d = new Date(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && japanDate(new Date(d.getTime() - JST_OFFSET_MS)) === value;
}
