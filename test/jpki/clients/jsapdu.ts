/**
 * AokiApp/jsapdu, ported command for command:
 * - `packages/interface/src/apdu/command-utils/read-binary.ts` @ 127cf43424c342f7041dd45a7825ad89945e02b4
 *   (`readEfBinaryFull(sfi)` = `00 B0 80|sfi 00 00 00 00`, extended Le 65536),
 * - `packages/interface/src/apdu/command-utils/verify.ts` @ 127cf43424c342f7041dd45a7825ad89945e02b4
 *   (`verify(pin, { ef })` = `00 20 00 80+ef Lc pin`; a string PIN must be digits),
 * - `packages/interface/src/apdu/command-utils/select.ts` @ 127cf43424c342f7041dd45a7825ad89945e02b4 (`selectDf`),
 * - `packages/mynacard/src/constants.ts` @ 4072a71f4a239f33824ef850928fa16d11c54051 (EF numbers),
 * - `packages/mynacard/src/schema.ts` @ 0c5a6aa5d0da369048bff747da0db811678e391c and, for the My Number,
 *   `packages/mynacard/schema.ts` @ 183df38ce97f5addb2bad28917b3de58212ee3ec (the TLV schemas),
 * - `packages/tlv-parser/src/schema-parser.ts` @ 4072a71f4a239f33824ef850928fa16d11c54051 and `basic-parser.ts`
 *   (a constructed element's fields must fill it exactly; bytes after the top element are ignored).
 */
import type { ApduChannel } from "../../../sim/apdu/index.ts";
import { concatBytes } from "../../../sim/apdu/index.ts";

/** `CommandApdu` as jsapdu encodes these three commands. */
export function selectDf(aid: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c, aid.length), aid);
}

export function readEfBinaryFull(shortEfId: number): Uint8Array {
  if (shortEfId < 0 || shortEfId > 0x1f) throw new Error("Invalid short EF identifier.");
  return Uint8Array.of(0x00, 0xb0, 0x80 | shortEfId, 0x00, 0x00, 0x00, 0x00);
}

export function verify(data: string | Uint8Array, options: { ef: number }): Uint8Array {
  if (options.ef > 0x1e) throw new Error("Invalid EF identifier.");
  if (typeof data === "string" && !/^\d+$/.test(data)) throw new Error("PIN data string must contain only digits.");
  const pin = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return concatBytes(Uint8Array.of(0x00, 0x20, 0x00, 0x80 + options.ef, pin.length), pin);
}

/** `constants.ts`. */
export const KENHOJO_AP_EF = { MY_NUMBER: 0x01, BASIC_FOUR: 0x02, SIGNATURE: 0x03, CERTIFICATE: 0x04, INFORMATION: 0x05, AUTH_KEY: 0x07, PIN: 0x11, PIN_A: 0x14, PIN_B: 0x15 } as const;
export const KENKAKU_AP_EF = { BIRTH: 0x01, ENTRIES: 0x02, INFORMATION: 0x03, CERTIFICATE: 0x04, MY_NUMBER: 0x05, BIRTH_PIN: 0x11, PIN_B: 0x12, PIN_A: 0x13 } as const;
export const JPKI_AP_EF = { SIGN_CERT: 0x01, SIGN_CERT_CA: 0x02, JPKI_AP_TOKEN: 0x06, AUTH_CERT: 0x0a, AUTH_CERT_CA: 0x0b, AUTH_PIN: 0x18, SIGN_PIN: 0x1b } as const;

/** Tag classes of the TLV parser. */
type TagClass = "Universal" | "Application" | "ContextSpecific" | "Private";
const CLASSES: readonly TagClass[] = ["Universal", "Application", "ContextSpecific", "Private"];

/** A schema: primitive (no `fields`) or constructed; tag class/number checked only when given. */
export interface Schema {
  name: string;
  tagClass?: TagClass;
  tagNumber?: number;
  fields?: readonly Schema[];
}

/** `BasicTLVParser.parse`. */
function basicParse(buffer: Uint8Array): { tagClass: TagClass; constructed: boolean; tagNumber: number; value: Uint8Array; endOffset: number } {
  let offset = 0;
  const first = buffer[offset++];
  if (first === undefined) throw new Error("Offset is outside the bounds of the DataView");
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let b: number;
    do {
      b = buffer[offset++] as number;
      tagNumber = (tagNumber << 7) | (b & 0x7f);
    } while (b & 0x80);
  }
  let length = buffer[offset++] as number;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let i = 0; i < n; i++) length = (length << 8) | (buffer[offset++] as number);
  }
  const value = buffer.slice(offset, offset + length);
  return { tagClass: CLASSES[first >> 6] as TagClass, constructed: (first & 0x20) !== 0, tagNumber, value, endOffset: offset + length };
}

/** A parsed value: bytes for a primitive, an object of fields for a constructed schema. */
export type Parsed = Uint8Array | { [name: string]: Parsed };

/** `SchemaParser.parse`: the top element from `buffer` (what follows it is ignored), returning it and where it ended. */
export function schemaParse(schema: Schema, buffer: Uint8Array): { parsed: Parsed; endOffset: number } {
  const { tagClass, constructed, tagNumber, value, endOffset } = basicParse(buffer);
  if (schema.tagClass !== undefined && schema.tagClass !== tagClass) throw new Error(`Tag class mismatch: expected ${schema.tagClass}, but got ${tagClass}`);
  if ((schema.fields !== undefined) !== constructed) throw new Error(`Tag constructed flag mismatch in ${schema.name}`);
  if (schema.tagNumber !== undefined && schema.tagNumber !== tagNumber) throw new Error(`Tag number mismatch: expected ${schema.tagNumber}, but got ${tagNumber}`);
  if (!schema.fields) return { parsed: value, endOffset };
  const result: { [name: string]: Parsed } = {};
  let sub = 0;
  for (const field of schema.fields) {
    const r = schemaParse(field, value.subarray(sub));
    result[field.name] = r.parsed;
    sub += r.endOffset;
  }
  if (sub !== value.byteLength) throw new Error("Constructed element does not end exactly at the expected length.");
  return { parsed: result, endOffset };
}

const p = (name: string, tagClass: TagClass, tagNumber: number): Schema => ({ name, tagClass, tagNumber });

export const schemaKenhojoBasicFour: Schema = {
  name: "kenhojoBasicFour",
  fields: [p("offsets", "Private", 0x21), p("name", "Private", 0x22), p("address", "Private", 0x23), p("birth", "Private", 0x24), p("gender", "Private", 0x25)],
};
export const schemaKenhojoSignature: Schema = {
  name: "kenhojoSignature",
  tagClass: "Private",
  tagNumber: 0x30,
  fields: [p("kenhojoMyNumberHash", "Private", 0x31), p("kenhojoBasicFourHash", "Private", 0x32), p("thisSignature", "Private", 0x33)],
};
export const schemaKenhojoAuthKey: Schema = { name: "kenhojoAuthKey", tagClass: "Private", tagNumber: 0x50, fields: [p("publicKey", "Private", 0x51), p("thisSignature", "Private", 0x52)] };
export const schemaCertificate: Schema = { name: "certificate", tagClass: "Application", tagNumber: 0x21, fields: [p("contents", "Application", 0x4e), p("thisSignature", "Application", 0x37)] };
export const schemaKenkakuBirth: Schema = { name: "kenkakuBirth", fields: [p("birth", "Private", 0x11), p("publicKey", "Private", 0x12), p("thisSignature", "Private", 0x13)] };
export const schemaKenkakuEntries: Schema = {
  name: "kenkakuEntries",
  fields: [
    p("offsets", "Private", 0x21),
    p("birth", "Private", 0x22),
    p("gender", "Private", 0x23),
    p("publicKey", "Private", 0x24),
    p("namePng", "Private", 0x25),
    p("addressPng", "Private", 0x26),
    p("faceJp2", "Private", 0x27),
    p("thisSignature", "Private", 0x28),
    p("expire", "Private", 0x29),
    p("securityCodePng", "Private", 0x2a),
  ],
};
export const schemaKenkakuMyNumber: Schema = {
  name: "kenkakuMyNumber",
  tagClass: "Private",
  tagNumber: 0x40,
  fields: [p("myNumberPng", "Private", 0x41), p("publicKey", "Private", 0x42), p("thisSignature", "Private", 0x43)],
};

/** `schemaKenhojoMyNumber` (old schema.ts): private, constructed, tag 0x10, its value decoded as UTF-8 text. */
export function parseKenhojoMyNumber(response: Uint8Array): string {
  const { tagClass, constructed, tagNumber, value } = basicParse(response);
  if (tagClass !== "Private" || !constructed || tagNumber !== 0x10) throw new Error("kenhojoMyNumber: tag mismatch");
  return new TextDecoder("utf-8").decode(value);
}

/** `session.transmit(...)`: the response data, throwing on a status word other than 9000. */
export async function transmit(link: ApduChannel, command: Uint8Array): Promise<{ data: Uint8Array; sw: number }> {
  const res = await link.transmit(command);
  return { data: res.subarray(0, res.length - 2), sw: ((res[res.length - 2] as number) << 8) | (res[res.length - 1] as number) };
}
