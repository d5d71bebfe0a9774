/** Hex conversion, used only at the edges (CLI, traces, tests). */

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));

/** Upper-case hex of `bytes`, with `separator` between bytes (default none). */
export function toHex(bytes: Uint8Array, separator = ""): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (i > 0) out += separator;
    out += HEX_PAIRS[b] as string;
  }
  return out;
}

/** Parses hex, ignoring spaces, colons and a leading `0x`; throws a `RangeError` naming the problem on bad input. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, "").replace(/[\s:]/g, "");
  if (clean.length % 2 !== 0) throw new RangeError(`hex string has an odd number of digits: "${text}"`);
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new RangeError(`not a hex string: "${text}"`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
