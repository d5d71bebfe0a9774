import { fromHex } from "../../sim/apdu/hex.ts";
import { JPKI_AID_HEX } from "../requirements/apdu-exchanges.ts";

/** `00 A4 04 0C 0A <JPKI AID>` (docs/domain/card-apdus.md#applications). */
export const SELECT_JPKI = fromHex(`00A4040C0A${JPKI_AID_HEX}`);

/** Status word of a response. */
export function swOf(response: Uint8Array): number {
  const n = response.length;
  return n >= 2 ? ((response[n - 2] as number) << 8) | (response[n - 1] as number) : 0;
}

/** Whether two byte strings are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
