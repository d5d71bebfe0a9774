import { type KeyObject, sign } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import { cardPublicKey } from "../encoding/card-public-key.ts";
import { cardTlv } from "../encoding/card-tlv.ts";

/**
 * Card-info EF 0007: `FF50 82 02 13 { DF51 82 01 09 public half of the AP's own key 0013, DF52 82 01 00 the issuer's
 * PKCS#1 v1.5/SHA-256 signature over DF51 as written }` (myna-card `SignedPublicKey`, jsapdu `schemaKenhojoAuthKey`).
 * A presence-proof signature (`80 2A 00 00`) verifies against DF51.
 */
export function signedPublicKeyRecord(cardKey: KeyObject, recordKey: KeyObject): Uint8Array {
  const key = cardTlv(0xdf51, cardPublicKey(cardKey));
  return cardTlv(0xff50, concatBytes(key, cardTlv(0xdf52, new Uint8Array(sign("sha256", key, recordKey)))));
}
