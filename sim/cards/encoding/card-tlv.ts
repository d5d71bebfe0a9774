import { concatBytes } from "../../apdu/tlv.ts";

/**
 * The length field as the card writes it in the card-info and card-face APs: one byte below 0x80, `82 HH LL` from 0x80
 * on. myna-card's file examples use `82 xx xx` for every length from 0x100 (`FF30 82 01 4B`, `7F21 82 02 33`), its test
 * builder for every length from 0x80, and jpki/myna's reader test decodes `FF 40 82 00 9F` (159): the text AP's EF 0005
 * has exactly 159 bytes of value when DF43 (128 bytes) is written `DF43 82 00 80` (docs/domain/card-applications.md
 * "Long-form lengths"). Every client checked parses any definite BER length.
 */
export function cardLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new RangeError(`length ${length} does not fit the card's 82 HH LL form`);
  return length < 0x80 ? Uint8Array.of(length) : Uint8Array.of(0x82, length >> 8, length & 0xff);
}

/** The bytes of a tag given as a number (`0xDF21` → `DF 21`, `0x90` → `90`). */
export function tagBytes(tag: number): Uint8Array {
  const bytes: number[] = [];
  let rest = tag;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return Uint8Array.from(bytes);
}

/** One BER-TLV element in the card's form (see {@link cardLength}). */
export function cardTlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes(tagBytes(tag), cardLength(value.length), value);
}

/**
 * A template that opens with an offset table, as the card-info AP's EF 0002 and the card-face AP's EF 0002 do:
 * `outer { table, field… }` where the table holds one big-endian u16 per field, the offset of that field's tag from the
 * first byte of the file, the outer header included (myna-card `check_offsets`, `with_offsets`; jsapdu `decodeOffsets`;
 * docs/domain/card-applications.md "EF 0002 — 基本4情報").
 */
export function withOffsetTable(outerTag: number, tableTag: number, fields: readonly Uint8Array[]): Uint8Array {
  const tableValueLength = fields.length * 2;
  const tableLength = tagBytes(tableTag).length + cardLength(tableValueLength).length + tableValueLength;
  const valueLength = tableLength + fields.reduce((sum, f) => sum + f.length, 0);
  const headerLength = tagBytes(outerTag).length + cardLength(valueLength).length;
  const offsets = new Uint8Array(tableValueLength);
  let position = headerLength + tableLength;
  fields.forEach((field, i) => {
    if (position > 0xffff) throw new RangeError("offset table entry does not fit a u16");
    offsets[2 * i] = position >> 8;
    offsets[2 * i + 1] = position & 0xff;
    position += field.length;
  });
  return cardTlv(outerTag, concatBytes(cardTlv(tableTag, offsets), ...fields));
}
