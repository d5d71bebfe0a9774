import { type KeyObject, sign } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import type { Persona } from "../../personas/index.ts";
import { cardPublicKey } from "../encoding/card-public-key.ts";
import { cardTlv } from "../encoding/card-tlv.ts";
import { compactDate } from "../encoding/compact-date.ts";

/**
 * Card-face EF 0001, the age record, behind the birth-date key `0011`: `FF10 82 02 1E { DF11 08 birth YYYYMMDD, DF12
 * 82 01 09 the AP's own public key, DF13 82 01 00 PKCS#1 v1.5/SHA-256 signature over DF11‖DF12 by the key EF 0004
 * certifies }` (myna-card `AgeRecord`, jsapdu `schemaKenkakuBirth`).
 */
export function ageRecord(persona: Pick<Persona, "birthDate">, cardKey: KeyObject, recordKey: KeyObject): Uint8Array {
  const signed = concatBytes(cardTlv(0xdf11, new TextEncoder().encode(compactDate(persona.birthDate))), cardTlv(0xdf12, cardPublicKey(cardKey)));
  return cardTlv(0xff10, concatBytes(signed, cardTlv(0xdf13, new Uint8Array(sign("sha256", signed, recordKey)))));
}
