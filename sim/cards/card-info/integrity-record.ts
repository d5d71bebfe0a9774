import { createHash, type KeyObject, sign } from "node:crypto";
import { concatBytes, readTlv } from "../../apdu/tlv.ts";
import { cardTlv } from "../encoding/card-tlv.ts";

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());

/**
 * What DF32 hashes: the four-facts file's outer value with the offset table skipped, i.e. DF22 to the end of DF25
 * (myna-card `Attributes::digest_source`: hashing the whole file does not match on a card).
 */
function basicFourDigestSource(basicFour: Uint8Array): Uint8Array {
  const outer = readTlv(basicFour);
  const table = readTlv(outer.tlv.value);
  return outer.tlv.value.subarray(table.next);
}

/**
 * Card-info EF 0003, the "AP signature" (336 bytes): `FF30 82 01 4B { DF31 20 SHA-256 of EF 0001 as stored (17 bytes,
 * filler included), DF32 20 SHA-256 of EF 0002 from DF22 on, DF33 82 01 00 PKCS#1 v1.5/SHA-256 signature over DF31‖DF32
 * as written }`, signed by the key EF 0004 certifies (myna-card `IntegrityRecord`; jpki/myna Go `TextSignature`, which
 * reads exactly 336 bytes; docs/domain/card-applications.md "EF 0003 — integrity record").
 */
export function integrityRecord(myNumberFile: Uint8Array, basicFourFile: Uint8Array, recordKey: KeyObject): Uint8Array {
  const signed = concatBytes(cardTlv(0xdf31, sha256(myNumberFile)), cardTlv(0xdf32, sha256(basicFourDigestSource(basicFourFile))));
  return cardTlv(0xff30, concatBytes(signed, cardTlv(0xdf33, new Uint8Array(sign("sha256", signed, recordKey)))));
}
