import { Aid, CardInfoFile as F } from "../jpki/index.ts";
import type { Persona } from "../personas/index.ts";
import { type CardApplication, cardApplication } from "./card-application.ts";
import type { CardApMaterial } from "./card-ap-material.ts";
import { basicFourRecord } from "./card-info/basic-four-record.ts";
import { cardInfoBasicInformation } from "./card-info/card-info-basic-information.ts";
import { integrityRecord } from "./card-info/integrity-record.ts";
import { myNumberRecord } from "./card-info/my-number-record.ts";
import { sessionKeyRecord } from "./card-info/session-key-record.ts";
import { signedPublicKeyRecord } from "./card-info/signed-public-key-record.ts";
import type { PinCounter } from "./pin-counter.ts";

/** The key EFs of the card-info AP. */
export interface CardInfoPins {
  /** `0011`, the 4-digit 券面事項入力補助用暗証番号. */
  pin: PinCounter;
  /** `0012`, blocked on every card examined. */
  blocked: PinCounter;
  /** `0014`, 照合番号A. */
  collationA: PinCounter;
  /** `0015`, 照合番号B. */
  collationB: PinCounter;
}

/** The files' contents, built once per card material and persona (they carry RSA signatures). */
const built = new WeakMap<CardApMaterial, Map<string, ReadonlyMap<number, Uint8Array>>>();

function contents(persona: Persona, material: CardApMaterial): ReadonlyMap<number, Uint8Array> {
  let byPersona = built.get(material);
  if (!byPersona) built.set(material, (byPersona = new Map()));
  const key = JSON.stringify(persona);
  let files = byPersona.get(key);
  if (!files) {
    const myNumber = myNumberRecord(persona);
    const basicFour = basicFourRecord(persona);
    files = new Map([
      [F.MY_NUMBER, myNumber],
      [F.BASIC_FOUR, basicFour],
      [F.INTEGRITY, integrityRecord(myNumber, basicFour, material.recordKey.privateKey)],
      [F.CERTIFICATE, material.cardInfoCertificate],
      [F.AP_BASIC_INFO, cardInfoBasicInformation(persona)],
      [F.SESSION_KEY, sessionKeyRecord(material.sessionKey)],
      [F.SIGNED_PUBLIC_KEY, signedPublicKeyRecord(material.cardInfoKey.publicKey, material.recordKey.privateKey)],
      [F.UNKNOWN_0008, new Uint8Array(16).fill(0xff)],
    ]);
    byPersona.set(key, files);
  }
  return files;
}

/**
 * 券面事項入力補助AP (docs/domain/card-applications.md "Card-info input support AP"; soltia48/myna-card `src/ap/text.rs`):
 * - `0001` My Number and `0002` four facts: `0001` opens with the PIN or 照合番号A, `0002` with the PIN or 照合番号B
 *   (measured by myna-card: A does not open `0002`, B does not open `0001`);
 * - `0003` integrity record, `0006` session-key key, `0007` signed own key: the PIN or either 照合番号;
 * - `0004` certificate, `0005` AP basic information, `0008` (16 × FF): free;
 * - key EFs `0011` PIN (4 digits, 3 tries: J-LIS/IAM support FAQ), `0012` blocked from issue, `0014` 照合番号A and
 *   `0015` 照合番号B (10 tries each: modelled on myna-card's older note on 照合番号B); `0013` the AP's own key, which signs
 *   a presence challenge (`80 2A 00 00`) with no credential.
 */
export function cardInfoApplication(persona: Persona, material: CardApMaterial, pins: CardInfoPins): CardApplication {
  const c = contents(persona, material);
  const bytes = (fid: number) => c.get(fid) as Uint8Array;
  const pinOrAny = [F.PIN, F.PIN_A, F.PIN_B];
  return cardApplication(
    "CARD_INFO",
    Aid.CARD_INFO,
    [
      { kind: "binary", fid: F.MY_NUMBER, content: bytes(F.MY_NUMBER), readRequires: [F.PIN, F.PIN_A] },
      { kind: "binary", fid: F.BASIC_FOUR, content: bytes(F.BASIC_FOUR), readRequires: [F.PIN, F.PIN_B] },
      { kind: "binary", fid: F.INTEGRITY, content: bytes(F.INTEGRITY), readRequires: pinOrAny },
      { kind: "binary", fid: F.CERTIFICATE, content: bytes(F.CERTIFICATE) },
      { kind: "binary", fid: F.AP_BASIC_INFO, content: bytes(F.AP_BASIC_INFO) },
      { kind: "binary", fid: F.SESSION_KEY, content: bytes(F.SESSION_KEY), readRequires: pinOrAny },
      { kind: "binary", fid: F.SIGNED_PUBLIC_KEY, content: bytes(F.SIGNED_PUBLIC_KEY), readRequires: pinOrAny },
      { kind: "binary", fid: F.UNKNOWN_0008, content: bytes(F.UNKNOWN_0008) },
      { kind: "pin", fid: F.PIN, counter: pins.pin },
      { kind: "pin", fid: F.BLOCKED_0012, counter: pins.blocked },
      { kind: "key", fid: F.CARD_KEY, privateKey: material.cardInfoKey.privateKey },
      { kind: "pin", fid: F.PIN_A, counter: pins.collationA },
      { kind: "pin", fid: F.PIN_B, counter: pins.collationB },
    ],
    undefined,
    F.CARD_KEY,
  );
}
