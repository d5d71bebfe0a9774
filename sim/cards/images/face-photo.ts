import { createHash } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import type { Persona } from "../../personas/index.ts";

/** Photo size (modelled: the card's is not public). */
const WIDTH = 180;
const HEIGHT = 240;

function u32(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function u16(value: number): Uint8Array {
  return Uint8Array.of(value >>> 8, value & 0xff);
}

function box(type: string, ...content: Uint8Array[]): Uint8Array {
  const body = concatBytes(...content);
  return concatBytes(u32(8 + body.length), new TextEncoder().encode(type), body);
}

/**
 * A stand-in face photo in the JP2 container the card uses for `DF27` (myna-card: "JPEG 2000, in the JP2 container …
 * greyscale"): signature box `00 00 00 0C 6A 50 20 20 0D 0A 87 0A`, `ftyp` (brand `jp2 `), `jp2h` with `ihdr`
 * (180×240, one 8-bit component) and `colr` (greyscale), then a `jp2c` codestream that opens with SOC and a SIZ marker
 * and carries ~3 KB derived from the persona's ID. Structured but not decodable: a face-auth reader model compares it,
 * it never decodes it. Deterministic per persona.
 */
export function facePhoto(persona: Pick<Persona, "id">): Uint8Array {
  const signature = box("jP  ", Uint8Array.of(0x0d, 0x0a, 0x87, 0x0a));
  const ftyp = box("ftyp", new TextEncoder().encode("jp2 "), u32(0), new TextEncoder().encode("jp2 "));
  const ihdr = box("ihdr", u32(HEIGHT), u32(WIDTH), u16(1), Uint8Array.of(7, 7, 0, 0));
  const colr = box("colr", Uint8Array.of(1, 0, 0), u32(17));
  const siz = concatBytes(
    Uint8Array.of(0xff, 0x51),
    u16(41),
    u16(0),
    u32(WIDTH),
    u32(HEIGHT),
    u32(0),
    u32(0),
    u32(WIDTH),
    u32(HEIGHT),
    u32(0),
    u32(0),
    u16(1),
    Uint8Array.of(7, 1, 1),
  );
  const body: Uint8Array[] = [];
  for (let i = 0; i < 96; i++) body.push(new Uint8Array(createHash("sha256").update(`${persona.id}:photo:${i}`).digest()));
  // No 0xFF in the opaque part, so no byte pair there reads as a marker.
  const opaque = concatBytes(...body).map((b) => (b === 0xff ? 0xfe : b));
  const codestream = concatBytes(Uint8Array.of(0xff, 0x4f), siz, opaque, Uint8Array.of(0xff, 0xd9));
  return concatBytes(signature, ftyp, box("jp2h", ihdr, colr), box("jp2c", codestream));
}
