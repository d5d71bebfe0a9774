import { concatBytes } from "../../apdu/tlv.ts";
import type { Persona } from "../../personas/index.ts";
import { cardTlv } from "../encoding/card-tlv.ts";

/**
 * Card-info EF 0001 as stored: `FF 10 0C <12 ASCII digits>` and two filler bytes `FF FF`, 17 bytes. The filler matters:
 * the integrity record's DF31 hashes all 17 (myna-card `read_binary_physical`, `IntegrityRecord`), and jpki/myna and
 * jpki-rs read exactly 17 (`00 B0 00 00 11`) (docs/domain/card-applications.md "EF 0001 — My Number").
 */
export function myNumberRecord(persona: Pick<Persona, "myNumber">): Uint8Array {
  if (!/^[0-9]{12}$/.test(persona.myNumber)) throw new RangeError("a My Number is 12 digits");
  return concatBytes(cardTlv(0xff10, new TextEncoder().encode(persona.myNumber)), Uint8Array.of(0xff, 0xff));
}
