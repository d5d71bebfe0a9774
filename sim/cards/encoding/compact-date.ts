/** A `YYYY-MM-DD` date as the card writes dates: 8 ASCII digits `YYYYMMDD`, Gregorian (myna-card `Date::parse`). */
export function compactDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return date.replaceAll("-", "");
}
