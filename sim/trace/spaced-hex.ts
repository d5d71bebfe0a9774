/** ASCII codes of the upper-case hex digits. */
const DIGITS = Uint8Array.from("0123456789ABCDEF", (c) => c.charCodeAt(0));

/**
 * Upper-case hex with one space between bytes (`00 A4 04 0C`), the form trace lines use. Same text as
 * `toHex(bytes, " ")` (sim/apdu/hex.ts), built in one buffer: a 65,535-byte APDU takes well under a millisecond, so
 * tracing stays cheap inside a device's serving loop.
 */
export function spacedHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return "";
  const out = new Uint8Array(bytes.length * 3 - 1);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (i > 0) out[at++] = 0x20;
    out[at++] = DIGITS[b >> 4] as number;
    out[at++] = DIGITS[b & 0x0f] as number;
  }
  return Buffer.from(out.buffer, 0, out.length).toString("latin1");
}
