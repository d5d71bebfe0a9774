import { concatBytes, encodeTlv } from "../apdu/tlv.ts";
import { Aid, CardInfoFile } from "../jpki/index.ts";
import { type Persona } from "../personas/index.ts";
import { type CardApplication, cardApplication } from "./card-application.ts";
import type { PinCounter } from "./pin-counter.ts";


const utf8 = (s: string) => new TextEncoder().encode(s);

/** Sex code in the basic-four TLV: 1 male, 2 female, 3 other (modelled on the resident-registry coding). */
export function sexCode(sex: Persona["sex"]): string {
  return sex === "male" ? "1" : sex === "female" ? "2" : "3";
}

/** EF `0002` contents: `FF20` wrapping DF21 (header, modelled) and DF22 name, DF23 address, DF24 birth YYYYMMDD, DF25 sex. */
export function basicFourInformation(persona: Persona): Uint8Array {
  return encodeTlv(
    0xff20,
    concatBytes(
      encodeTlv(0xdf21, Uint8Array.of(0x01, 0x00, 0x00)),
      encodeTlv(0xdf22, utf8(persona.name)),
      encodeTlv(0xdf23, utf8(persona.address)),
      encodeTlv(0xdf24, utf8(persona.birthDate.replaceAll("-", ""))),
      encodeTlv(0xdf25, utf8(sexCode(persona.sex))),
    ),
  );
}

/**
 * 券面事項入力補助AP: the My Number (`FF10 0C <12 digits>`) and the four basic facts, both behind its 4-digit PIN
 * (`0011`, 3 tries). EF `0005` (AP basic information) is modelled as a small free-to-read header.
 */
export function cardInfoApplication(persona: Persona, pin: PinCounter): CardApplication {
  return cardApplication("CARD_INFO", Aid.CARD_INFO, [
    { kind: "binary", fid: CardInfoFile.MY_NUMBER, content: encodeTlv(0xff10, utf8(persona.myNumber)), readRequires: CardInfoFile.PIN },
    { kind: "binary", fid: CardInfoFile.BASIC_FOUR, content: basicFourInformation(persona), readRequires: CardInfoFile.PIN },
    { kind: "binary", fid: CardInfoFile.AP_BASIC_INFO, content: Uint8Array.of(0xdf, 0x30, 0x01, 0x01) },
    { kind: "pin", fid: CardInfoFile.PIN, counter: pin },
  ]);
}
