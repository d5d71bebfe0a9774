import { readTlv } from "../../apdu/tlv.ts";
import { Aid, CardFaceFile } from "../../jpki/index.ts";
import { type Transceiver } from "../../apdu/index.ts";
import { JpkiClient } from "../../jpki/jpki-client.ts";
import { describeReadError } from "./device-read-error.ts";

/** The outcome of {@link readFacePhoto}. */
export type FacePhotoOutcome = { kind: "photo"; photo: Uint8Array } | { kind: "refused"; detail: string } | { kind: "read-failed"; detail: string };

/** Tag of the face photo (JPEG 2000) inside the card-face entries, and of the entries' template. */
const PHOTO_TAG = 0xdf27;

/**
 * Reads the card-face photo the way a face-auth reader needs it: SELECT the card-face AP, VERIFY 照合番号B (EF `0012`),
 * READ BINARY the card face (EF `0002`: `FF20 { DF21 offsets, DF22 … DF2A }`, sized from its header) and take `DF27`
 * (docs/domain/card-applications.md "EF 0002 — card face layout").
 * A refused 照合番号B is `refused` (the reader offers PIN or visual check); a device that fails is `read-failed` (001).
 */
export async function readFacePhoto(link: Transceiver, collationNumberB: string): Promise<FacePhotoOutcome> {
  const client = new JpkiClient(link);
  try {
    await client.selectApplication(Aid.CARD_FACE);
    const check = await client.verify(CardFaceFile.PIN_B, collationNumberB);
    if (!check.verified) return { kind: "refused", detail: check.blocked ? "照合番号B blocked" : `照合番号B refused, ${check.triesLeft} tries left` };
    await client.selectFile(CardFaceFile.ENTRIES);
    const entries = await readTlvFile(client);
    const template = readTlv(entries).tlv;
    for (let offset = 0; offset < template.value.length; ) {
      const { tlv, next } = readTlv(template.value, offset);
      if (tlv.tag === PHOTO_TAG) return { kind: "photo", photo: new Uint8Array(tlv.value) };
      offset = next;
    }
    return { kind: "read-failed", detail: "no face photo (DF27) in the card-face entries" };
  } catch (error) {
    return { kind: "read-failed", detail: describeReadError(error) };
  }
}

/** Reads a whole BER-TLV EF: 8 header bytes first (tag up to 3 bytes, length up to 4), then chunks of up to 256 bytes. */
async function readTlvFile(client: JpkiClient): Promise<Uint8Array> {
  const head = await client.readBinary(0, 8);
  let i = 1;
  if (((head[0] ?? 0) & 0x1f) === 0x1f) while (i < head.length && ((head[i++] ?? 0) & 0x80) !== 0);
  const first = head[i++] ?? 0;
  let length = first;
  if (first & 0x80) {
    length = 0;
    for (let k = 0; k < (first & 0x7f); k++) length = length * 256 + (head[i++] ?? 0);
  }
  const total = i + length;
  const out = new Uint8Array(total);
  out.set(head.subarray(0, Math.min(head.length, total)));
  for (let offset = Math.min(head.length, total); offset < total; ) {
    const chunk = await client.readBinary(offset, Math.min(256, total - offset));
    if (chunk.length === 0) throw new Error(`card-face entries read stopped at ${offset} of ${total} bytes`);
    out.set(chunk.subarray(0, total - offset), offset);
    offset += chunk.length;
  }
  return out;
}
