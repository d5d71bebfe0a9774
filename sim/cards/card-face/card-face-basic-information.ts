import { createHash } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import type { Persona } from "../../personas/index.ts";
import { cardTlv } from "../encoding/card-tlv.ts";
import { keyIdentifier } from "../encoding/key-identifier.ts";
import { municipalityCode } from "./municipality-code.ts";

/**
 * Card-face EF 0003, AP basic information, free to read: `FF30 { DF31 04 06 03 0E 01, DF32 10 a key identifier
 * (`x000024` on cards; here `9000024`), DF33 01 version, DF34 05 the municipality code, DF35 82 01 10 a 16-byte key
 * identifier and 256 opaque bytes }` (myna-card `surface.rs` `ApBasicData`). Version and the opaque bytes are modelled.
 */
export function cardFaceBasicInformation(persona: Pick<Persona, "id" | "address">): Uint8Array {
  const opaque = new Uint8Array(256);
  for (let i = 0; i < 8; i++) opaque.set(createHash("sha256").update(`card-face DF35:${persona.id}:${i}`).digest(), i * 32);
  return cardTlv(
    0xff30,
    concatBytes(
      cardTlv(0xdf31, Uint8Array.of(0x06, 0x03, 0x0e, 0x01)),
      cardTlv(0xdf32, keyIdentifier("9000024")),
      cardTlv(0xdf33, Uint8Array.of(0x01)),
      cardTlv(0xdf34, new TextEncoder().encode(municipalityCode(persona.address))),
      cardTlv(0xdf35, concatBytes(keyIdentifier("9000025"), opaque)),
    ),
  );
}
