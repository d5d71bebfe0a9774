import type { KeyObject } from "node:crypto";
import { cardPublicKey } from "../encoding/card-public-key.ts";
import { cardTlv } from "../encoding/card-tlv.ts";

/**
 * Card-info EF 0006: `A1 { 90 <exponent> 91 <modulus> }`, the bare RSA-2048 key a terminal encrypts a secure-messaging
 * session key to, with no signature (myna-card `SessionKeyPublicKey`). The simulator does not implement SET SESSION KEY.
 */
export function sessionKeyRecord(publicKey: KeyObject): Uint8Array {
  return cardTlv(0xa1, cardPublicKey(publicKey));
}
