/**
 * `date` plus whole calendar months in UTC, the day clamped to the target month's length (Jan 31 + 1 month = Feb 28/29).
 * The grace after a certificate's expiry (3 months for a card) and the readers' expiry alert are counted this way.
 */
export function addMonthsUtc(date: Date, months: number): Date {
  if (months === 0) return date;
  const target = new Date(date.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}
