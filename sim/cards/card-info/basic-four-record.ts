import { type Persona, residentAddress, residentName } from "../../personas/index.ts";
import { cardTlv, withOffsetTable } from "../encoding/card-tlv.ts";
import { compactDate } from "../encoding/compact-date.ts";
import { iso5218SexCode } from "../encoding/iso5218-sex-code.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Card-info EF 0002, the 基本4情報: `FF20 { DF21 offset table (4 × u16 from the file start), DF22 name (UTF-8, family and
 * given name separated by U+3000), DF23 address (UTF-8, full-width block numbers), DF24 birth date YYYYMMDD, DF25 sex
 * (ISO 5218 digit) }` — myna-card's test-card bytes (`src/ap/text.rs` `attributes_file`), jpki/myna `TextAttrs`,
 * jpki-rs `support.rs`, jsapdu `schemaKenhojoBasicFour` (docs/domain/card-applications.md "EF 0002 — 基本4情報").
 */
export function basicFourRecord(persona: Pick<Persona, "name" | "address" | "birthDate" | "sex">): Uint8Array {
  return withOffsetTable(0xff20, 0xdf21, [
    cardTlv(0xdf22, utf8(residentName(persona))),
    cardTlv(0xdf23, utf8(residentAddress(persona))),
    cardTlv(0xdf24, utf8(compactDate(persona.birthDate))),
    cardTlv(0xdf25, utf8(iso5218SexCode(persona.sex))),
  ]);
}
