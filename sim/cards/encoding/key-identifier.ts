/**
 * A 16-byte key identifier as the card writes them (証明者鍵ID, 被証明者鍵ID, the APs' key references):
 * 7 ASCII digits, `08 05`, a 3-digit group, 4 padding bytes — e.g. `"6000024" 08 05 "001" 00 00 00 00`
 * (myna-card `KeyId`; docs/domain/card-applications.md "EF 0004"). Production numbers begin with 5, the JPKI test
 * hierarchy's with 6; the simulator's begin with 9 so no client mistakes them for either.
 */
export function keyIdentifier(number: string, group = "001"): Uint8Array {
  if (!/^[0-9]{7}$/.test(number) || !/^[0-9]{3}$/.test(group)) throw new RangeError(`key identifier needs 7 + 3 digits, got ${number}/${group}`);
  const out = new Uint8Array(16);
  out.set(new TextEncoder().encode(number), 0);
  out[7] = 0x08;
  out[8] = 0x05;
  out.set(new TextEncoder().encode(group), 9);
  return out;
}
