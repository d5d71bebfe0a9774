import { createHash } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import type { Persona } from "../../personas/index.ts";
import { cardTlv } from "../encoding/card-tlv.ts";
import { keyIdentifier } from "../encoding/key-identifier.ts";

/** Physical size of the EF: jpki/myna Go reads exactly 256 bytes and fails on fewer. */
const FILE_SIZE = 256;

/**
 * Card-info EF 0005, AP basic information: `FF40 82 00 9F { DF41 04 01 03 0E 01 (spec version, extended Lc/Le support,
 * vendor, vendor-specific), DF42 10 a 16-byte key identifier (`x000034` on cards; here `9000034`), DF43 82 00 80
 * 128 bytes: 32 non-filler bytes and 96 × FF }` (myna-card `ApBasicData`; jpki/myna Go `TextBasicInfo` requires DF41 = 4
 * and DF42 = 16 bytes). The 32 bytes' meaning is unknown: here a SHA-256 of the persona's ID (modelled). Filled with FF
 * to 256 bytes so jpki/myna Go's 256-byte read succeeds (modelled: no source states the EF's size).
 */
export function cardInfoBasicInformation(persona: Pick<Persona, "id">): Uint8Array {
  const trailing = new Uint8Array(128).fill(0xff);
  trailing.set(createHash("sha256").update(`card-info DF43:${persona.id}`).digest(), 0);
  const record = cardTlv(0xff40, concatBytes(cardTlv(0xdf41, Uint8Array.of(0x01, 0x03, 0x0e, 0x01)), cardTlv(0xdf42, keyIdentifier("9000034")), cardTlv(0xdf43, trailing)));
  const file = new Uint8Array(Math.max(FILE_SIZE, record.length)).fill(0xff);
  file.set(record, 0);
  return file;
}
