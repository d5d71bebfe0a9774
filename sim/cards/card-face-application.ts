import { createHash } from "node:crypto";
import { concatBytes, encodeTlv } from "../apdu/tlv.ts";
import { Aid, CardFaceFile } from "../jpki/index.ts";
import { type Persona } from "../personas/index.ts";
import { type CardApplication, cardApplication } from "./card-application.ts";
import { sexCode } from "./card-info-application.ts";
import type { PinCounter } from "./pin-counter.ts";


const utf8 = (s: string) => new TextEncoder().encode(s);

/** JPEG 2000 signature box, so tools recognise the blob's type. */
const JP2_SIGNATURE = Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);

/**
 * A stand-in face photo: the JPEG 2000 signature followed by ~3 KB of bytes derived from the persona's ID.
 * Opaque on purpose: a face-auth reader model compares its hash, it never decodes it.
 */
export function facePhoto(persona: Persona): Uint8Array {
  const blocks: Uint8Array[] = [JP2_SIGNATURE];
  for (let i = 0; i < 96; i++) blocks.push(createHash("sha256").update(`${persona.id}:photo:${i}`).digest());
  return concatBytes(...blocks);
}

/**
 * 券面AP: the card-face entries with the face photo (`DF27` in EF `0002`) behind 照合番号B, and the My Number behind
 * 照合番号A. Modelled: the entries are text, not the card's rendered images; both collation numbers allow 10 tries.
 */
export function cardFaceApplication(persona: Persona, pinA: PinCounter, pinB: PinCounter): CardApplication {
  const entries = encodeTlv(
    0xff40,
    concatBytes(
      encodeTlv(0xdf22, utf8(persona.name)),
      encodeTlv(0xdf23, utf8(persona.address)),
      encodeTlv(0xdf24, utf8(persona.birthDate.replaceAll("-", ""))),
      encodeTlv(0xdf25, utf8(sexCode(persona.sex))),
      encodeTlv(0xdf27, facePhoto(persona)),
    ),
  );
  return cardApplication("CARD_FACE", Aid.CARD_FACE, [
    { kind: "binary", fid: CardFaceFile.ENTRIES, content: entries, readRequires: CardFaceFile.PIN_B },
    { kind: "binary", fid: CardFaceFile.MY_NUMBER, content: encodeTlv(0xff10, utf8(persona.myNumber)), readRequires: CardFaceFile.PIN_A },
    { kind: "pin", fid: CardFaceFile.PIN_B, counter: pinB },
    { kind: "pin", fid: CardFaceFile.PIN_A, counter: pinA },
  ]);
}
