/** Dates as the OQS files write them, in Japan time (JST, UTC+9, no daylight saving). */

const JST_OFFSET_MS = 9 * 3_600_000;

function jstParts(at: Date): string[] {
  const iso = new Date(at.getTime() + JST_OFFSET_MS).toISOString();
  return [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13), iso.slice(14, 16), iso.slice(17, 19), iso.slice(20, 23)];
}

/** `YYYYMMDD` in JST. */
export function oqsDate(at: Date): string {
  return jstParts(at).slice(0, 3).join("");
}

/** `YYYYMMDDhhmmss` in JST. */
export function oqsDateTime(at: Date): string {
  return jstParts(at).slice(0, 6).join("");
}

/** `YYYYMMDDhhmmssSSS` in JST, for file names. */
export function oqsTimestamp(at: Date): string {
  return jstParts(at).join("");
}

/** `YYYYMMDDhhmmss` from an ISO time (consent times). */
export function oqsDateTimeFromIso(iso: string): string {
  return oqsDateTime(new Date(iso));
}
