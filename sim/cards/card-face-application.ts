import { Aid, CardFaceFile as F } from "../jpki/index.ts";
import type { Persona } from "../personas/index.ts";
import { type CardApplication, cardApplication } from "./card-application.ts";
import type { CardApMaterial } from "./card-ap-material.ts";
import { ageRecord } from "./card-face/age-record.ts";
import { cardFaceBasicInformation } from "./card-face/card-face-basic-information.ts";
import { cardFaceRecord } from "./card-face/card-face-record.ts";
import { myNumberImageRecord } from "./card-face/my-number-image-record.ts";
import type { PinCounter } from "./pin-counter.ts";

/** The key EFs of the card-face AP. */
export interface CardFacePins {
  /** `0011`, the birth date as 和暦 YYMMDD. */
  birthDate: PinCounter;
  /** `0012`, 照合番号B. */
  collationB: PinCounter;
  /** `0013`, 照合番号A. */
  collationA: PinCounter;
}

/** The files' contents, built once per card material and persona (they carry RSA signatures). */
const built = new WeakMap<CardApMaterial, Map<string, ReadonlyMap<number, Uint8Array>>>();

function contents(persona: Persona, material: CardApMaterial): ReadonlyMap<number, Uint8Array> {
  let byPersona = built.get(material);
  if (!byPersona) built.set(material, (byPersona = new Map()));
  const key = JSON.stringify(persona);
  let files = byPersona.get(key);
  if (!files) {
    const cardKey = material.cardFaceKey.publicKey;
    const recordKey = material.recordKey.privateKey;
    files = new Map([
      [F.AGE_RECORD, ageRecord(persona, cardKey, recordKey)],
      [F.ENTRIES, cardFaceRecord(persona, cardKey, recordKey)],
      [F.AP_BASIC_INFO, cardFaceBasicInformation(persona)],
      [F.CERTIFICATE, material.cardFaceCertificate],
      [F.MY_NUMBER, myNumberImageRecord(persona, cardKey, recordKey)],
      [F.UNKNOWN_0006, new Uint8Array(16).fill(0xff)],
    ]);
    byPersona.set(key, files);
  }
  return files;
}

/**
 * 券面AP (券面事項確認AP; docs/domain/card-applications.md "Card-face AP"; soltia48/myna-card `src/ap/surface.rs`):
 * - `0001` age record behind the birth-date key `0011`;
 * - `0002` card face (with the photo `DF27`) behind 照合番号A `0013` or 照合番号B `0012` (myna-card, jpki-rs: "A: front
 *   and back", "B: front only"; jpki/myna and jsapdu use A);
 * - `0005` rendered My Number behind 照合番号A only; `0006` (16 × FF) behind either 照合番号;
 * - `0003` AP basic information and `0004` certificate: free;
 * - `001A` the AP's own key: signs a presence challenge (`80 2A 00 00`) with no credential.
 * Tries: 10 for each key EF (modelled on myna-card's older note on 照合番号B; not public for A and the birth date).
 */
export function cardFaceApplication(persona: Persona, material: CardApMaterial, pins: CardFacePins): CardApplication {
  const c = contents(persona, material);
  const bytes = (fid: number) => c.get(fid) as Uint8Array;
  return cardApplication(
    "CARD_FACE",
    Aid.CARD_FACE,
    [
      { kind: "binary", fid: F.AGE_RECORD, content: bytes(F.AGE_RECORD), readRequires: [F.PIN_BIRTH_DATE] },
      { kind: "binary", fid: F.ENTRIES, content: bytes(F.ENTRIES), readRequires: [F.PIN_A, F.PIN_B] },
      { kind: "binary", fid: F.AP_BASIC_INFO, content: bytes(F.AP_BASIC_INFO) },
      { kind: "binary", fid: F.CERTIFICATE, content: bytes(F.CERTIFICATE) },
      { kind: "binary", fid: F.MY_NUMBER, content: bytes(F.MY_NUMBER), readRequires: [F.PIN_A] },
      { kind: "binary", fid: F.UNKNOWN_0006, content: bytes(F.UNKNOWN_0006), readRequires: [F.PIN_A, F.PIN_B] },
      { kind: "pin", fid: F.PIN_BIRTH_DATE, counter: pins.birthDate },
      { kind: "pin", fid: F.PIN_B, counter: pins.collationB },
      { kind: "pin", fid: F.PIN_A, counter: pins.collationA },
      { kind: "key", fid: F.CARD_KEY, privateKey: material.cardFaceKey.privateKey },
    ],
    undefined,
    F.CARD_KEY,
  );
}
