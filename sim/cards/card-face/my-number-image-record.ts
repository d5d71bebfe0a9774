import { type KeyObject, sign } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import type { Persona } from "../../personas/index.ts";
import { cardPublicKey } from "../encoding/card-public-key.ts";
import { cardTlv } from "../encoding/card-tlv.ts";
import { textImage } from "../images/text-image.ts";

/**
 * Card-face EF 0005, behind 照合番号A only: `FF40 { DF41 the My Number rendered as a PNG (72×12 on the card surveyed),
 * DF42 the AP's own public key, DF43 PKCS#1 v1.5/SHA-256 signature over DF41‖DF42 by the key EF 0004 certifies }`
 * (myna-card `MyNumberImage`, jsapdu `schemaKenkakuMyNumber`). Not to be confused with the card-info AP's EF 0005.
 */
export function myNumberImageRecord(persona: Pick<Persona, "myNumber">, cardKey: KeyObject, recordKey: KeyObject): Uint8Array {
  const signed = concatBytes(cardTlv(0xdf41, textImage(persona.myNumber, 6, 12)), cardTlv(0xdf42, cardPublicKey(cardKey)));
  return cardTlv(0xff40, concatBytes(signed, cardTlv(0xdf43, new Uint8Array(sign("sha256", signed, recordKey)))));
}
