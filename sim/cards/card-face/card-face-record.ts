import { constants, createHash, type KeyObject, privateEncrypt } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import { type Persona, residentAddress, residentName } from "../../personas/index.ts";
import { cardPublicKey } from "../encoding/card-public-key.ts";
import { cardTlv, withOffsetTable } from "../encoding/card-tlv.ts";
import { compactDate } from "../encoding/compact-date.ts";
import { iso5218SexCode } from "../encoding/iso5218-sex-code.ts";
import { sha256DigestInfoOf } from "../encoding/sha256-digest-info.ts";
import { facePhoto } from "../images/face-photo.ts";
import { textImage } from "../images/text-image.ts";

const ascii = (s: string) => new TextEncoder().encode(s);
const sha256 = (...parts: Uint8Array[]) => new Uint8Array(createHash("sha256").update(concatBytes(...parts)).digest());

/**
 * Card-face EF 0002, behind 照合番号A `0013` or 照合番号B `0012`:
 * `FF20 { DF21 offset table (9 × u16 from the file start), DF22 birth YYYYMMDD, DF23 sex (ISO 5218), DF24 the AP's own
 * public key, DF25 name image (PNG), DF26 address image (PNG), DF27 face photo (JP2), DF28 signature, DF29 expiry
 * YYYYMMDD, DF2A security-code image (PNG, 24×12) }` — myna-card `CardFace`, jpki/myna `VisualInfo` (tags 33…42),
 * jpki-rs `surface.rs` (10 fields in order), jsapdu `schemaKenkakuEntries`. DF28 is PKCS#1 v1.5 by the key EF 0004
 * certifies over a DigestInfo of three SHA-256 digests joined (DF22‖DF23‖DF24, DF25‖DF26, DF27); DF29 and DF2A follow it
 * unsigned (myna-card `CardFace::verify`; docs/domain/card-applications.md "EF 0002 — card face layout").
 * The images carry the card-info AP's text (name with U+3000, full-width block numbers) in their PNG description.
 */
export function cardFaceRecord(persona: Persona, cardKey: KeyObject, recordKey: KeyObject): Uint8Array {
  const birth = cardTlv(0xdf22, ascii(compactDate(persona.birthDate)));
  const sex = cardTlv(0xdf23, ascii(iso5218SexCode(persona.sex)));
  const key = cardTlv(0xdf24, cardPublicKey(cardKey));
  const name = cardTlv(0xdf25, textImage(residentName(persona), 16, 16));
  const address = cardTlv(0xdf26, textImage(residentAddress(persona), 12, 12));
  const photo = cardTlv(0xdf27, facePhoto(persona));
  const digests = concatBytes(sha256(birth, sex, key), sha256(name, address), sha256(photo));
  const signature = cardTlv(0xdf28, new Uint8Array(privateEncrypt({ key: recordKey, padding: constants.RSA_PKCS1_PADDING }, sha256DigestInfoOf(digests))));
  const expiry = cardTlv(0xdf29, ascii(compactDate(persona.cardExpiry)));
  const securityCode = cardTlv(0xdf2a, textImage(persona.securityCode, 6, 12));
  return withOffsetTable(0xff20, 0xdf21, [birth, sex, key, name, address, photo, signature, expiry, securityCode]);
}
