/**
 * jpki/myna's Go library (`_go/libmyna`), ported command for command so its APDU sequences can run against the card:
 * - `reader.go` @ 6c7556a87dd9d5ba5cd2adfad77f4c93c276ee46 (SelectDF, SelectEF, LookupPin, Verify, ReadBinary, Signature),
 * - `text_ap.go` @ 5aceeb8f3270adb562516308c4c795ae2d8666ee (TextAttrs, TextSignature, TextCertificate, TextBasicInfo),
 * - `api.go` @ 5aceeb8f3270adb562516308c4c795ae2d8666ee (GetPinStatus, GetMyNumber, GetVisualInfo, JPKISignSigner, …),
 * - `jpki_ap.go` @ 6c7556a87dd9d5ba5cd2adfad77f4c93c276ee46 (ReadToken, ReadCertificate, GetAttributes),
 * - `utils.go` @ 5aceeb8f3270adb562516308c4c795ae2d8666ee (ASN1PartialParser),
 * - `libmyna/visual_ap.go` @ f021f5487bce2e7f9d3d61339ec796d9fda41947 (VisualInfo).
 * The Go struct unmarshalling (`github.com/jpki/myna/asn1`, implicit private tags, extra trailing fields allowed as in
 * `encoding/asn1`) is reproduced by {@link unmarshalStruct}.
 */
import type { ApduChannel } from "../../../sim/apdu/index.ts";
import { fromHex } from "../../../sim/apdu/index.ts";

/** `(SW1, SW2, data)` as `Reader.Trans` returns it. */
interface Trans {
  sw1: number;
  sw2: number;
  data: Uint8Array;
}

/** Port of `Reader` (reader.go). */
export class GoReader {
  constructor(private readonly link: ApduChannel) {}

  async trans(cmd: Uint8Array): Promise<Trans> {
    const res = await this.link.transmit(cmd);
    const l = res.length;
    if (l === 2) return { sw1: res[0] as number, sw2: res[1] as number, data: new Uint8Array(0) };
    return { sw1: res[l - 2] as number, sw2: res[l - 1] as number, data: res.subarray(0, l - 2) };
  }

  /** NewAPDUCase3(0x00, 0xA4, 0x04, 0x0C, bid). */
  async selectDF(id: string): Promise<void> {
    const { sw1, sw2 } = await this.trans(case3(0x00, 0xa4, 0x04, 0x0c, fromHex(id.replaceAll(" ", ""))));
    if (!(sw1 === 0x90 && sw2 === 0x00)) throw new Error(`SelectDF ${id}: ${hex2(sw1, sw2)}`);
  }

  /** NewAPDUCase3(0x00, 0xA4, 0x02, 0x0C, bid). */
  async selectEF(id: string): Promise<void> {
    const { sw1, sw2 } = await this.trans(case3(0x00, 0xa4, 0x02, 0x0c, fromHex(id.replaceAll(" ", ""))));
    if (!(sw1 === 0x90 && sw2 === 0x00)) throw new Error(`SelectEF ${id}: ${hex2(sw1, sw2)}`);
  }

  /** `00 20 00 80` case 1: SW2 & 0x0F when SW1 = 63, else -1. */
  async lookupPin(): Promise<number> {
    const { sw1, sw2 } = await this.trans(Uint8Array.of(0x00, 0x20, 0x00, 0x80));
    return sw1 === 0x63 ? sw2 & 0x0f : -1;
  }

  async verify(pin: string): Promise<void> {
    if (pin === "") throw new Error("PINが空です");
    const { sw1, sw2 } = await this.trans(case3(0x00, 0x20, 0x00, 0x80, new TextEncoder().encode(pin)));
    if (sw1 === 0x90 && sw2 === 0x00) return;
    if (sw1 === 0x63) throw new Error((sw2 & 0x0f) === 0 ? "暗証番号が間違っています。ブロックされました" : `暗証番号が間違っています。のこり${sw2 & 0x0f}回`);
    if (sw1 === 0x69 && sw2 === 0x84) throw new Error("暗証番号がブロックされています。");
    throw new Error(`暗証番号が間違っています SW1=${hex2(sw1, sw2)}`);
  }

  /** Reads `size` bytes from offset 0: Le `00` while more than 255 remain; nil on any SW other than 9000. */
  async readBinary(size: number): Promise<Uint8Array | null> {
    const res: number[] = [];
    let pos = 0;
    while (pos < size) {
      const l = size - pos > 0xff ? 0 : size - pos;
      const { sw1, sw2, data } = await this.trans(Uint8Array.of(0x00, 0xb0, (pos >> 8) & 0xff, pos & 0xff, l));
      if (sw1 !== 0x90 || sw2 !== 0x00) return null;
      res.push(...data);
      pos += data.length;
    }
    return Uint8Array.from(res);
  }

  /** NewAPDUCase4(0x80, 0x2A, 0x00, 0x80, data, 0). */
  async signature(data: Uint8Array): Promise<Uint8Array> {
    const cmd = new Uint8Array([0x80, 0x2a, 0x00, 0x80, data.length, ...data, 0x00]);
    const { sw1, sw2, data: res } = await this.trans(cmd);
    if (sw1 === 0x90 && sw2 === 0x00) return res;
    throw new Error(`署名エラー(${hex2(sw1, sw2)})`);
  }
}

function case3(cla: number, ins: number, p1: number, p2: number, data: Uint8Array): Uint8Array {
  return new Uint8Array([cla, ins, p1, p2, data.length, ...data]);
}

function hex2(sw1: number, sw2: number): string {
  return `${sw1.toString(16).padStart(2, "0")}${sw2.toString(16).padStart(2, "0")}`.toUpperCase();
}

/** Port of `ASN1PartialParser` (utils.go): the size header + length of the object whose first bytes are `data`. */
export function asn1PartialSize(data: Uint8Array): number {
  if (data.length < 2) throw new Error("few data size");
  let offset = 1;
  if (((data[0] as number) & 0x1f) === 0x1f) {
    offset++;
    if (((data[1] as number) & 0x80) !== 0) throw new Error("unexpected tag size");
  }
  const b = data[offset++] as number;
  let length = 0;
  if ((b & 0x80) === 0) length = b;
  else {
    const lol = b & 0x7f;
    for (let i = 0; i < lol; i++) {
      if (offset >= data.length) throw new Error("truncated tag or length");
      length = ((length << 8) | (data[offset++] as number)) & 0xffff;
    }
  }
  return (offset + length) & 0xffff;
}

/** One element read with Go's asn1 rules: class, constructed flag, tag number, value and where it ends. */
interface GoElement {
  tagClass: number;
  constructed: boolean;
  tagNumber: number;
  value: Uint8Array;
  end: number;
}

function parseElement(bytes: Uint8Array, offset: number): GoElement {
  let i = offset;
  const first = bytes[i++];
  if (first === undefined) throw new Error("asn1: truncated tag");
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let b: number;
    do {
      b = bytes[i++] as number;
      tagNumber = (tagNumber << 7) | (b & 0x7f);
    } while (b & 0x80);
  }
  let length = bytes[i++] as number;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + (bytes[i++] as number);
  }
  if (i + length > bytes.length) throw new Error("asn1: data truncated");
  return { tagClass: first >> 6, constructed: (first & 0x20) !== 0, tagNumber, value: bytes.subarray(i, i + length), end: i + length };
}

/** A struct field: the implicit tag and how the value decodes (`[]byte`, `string` PrintableString, `string` utf8). */
export interface GoField {
  name: string;
  tagClass: "private" | "application";
  tag: number;
  type: "bytes" | "printable" | "utf8";
}

const CLASS = { application: 1, private: 3 } as const;

/**
 * `asn1.UnmarshalWithParams(data, &s, "<class>,tag:<n>")` for a struct: the outer element must be constructed with that
 * class and tag; each field is the next element and must carry its tag; elements after the last field are allowed
 * ("extra bytes at the end of the SEQUENCE"), and bytes after the outer element are returned, not an error.
 */
export function unmarshalStruct(data: Uint8Array, tagClass: "private" | "application", tag: number, fields: readonly GoField[]): Record<string, Uint8Array | string> {
  const outer = parseElement(data, 0);
  if (outer.tagClass !== CLASS[tagClass] || outer.tagNumber !== tag || !outer.constructed) throw new Error(`asn1: structure error: tags don't match (${tag})`);
  const out: Record<string, Uint8Array | string> = {};
  let offset = 0;
  for (const f of fields) {
    const e = parseElement(outer.value, offset);
    if (e.tagClass !== CLASS[f.tagClass] || e.tagNumber !== f.tag) throw new Error(`asn1: structure error: tags don't match (${f.name})`);
    if (f.type === "bytes") out[f.name] = e.value;
    else if (f.type === "utf8") out[f.name] = new TextDecoder("utf-8", { fatal: true }).decode(e.value);
    else {
      const s = new TextDecoder().decode(e.value);
      if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s)) throw new Error(`asn1: syntax error: PrintableString contains invalid character (${f.name})`);
      out[f.name] = s;
    }
    offset = e.end;
  }
  return out;
}

/** `TextAttrs` (text_ap.go). */
export const TEXT_ATTRS: readonly GoField[] = [
  { name: "Header", tagClass: "private", tag: 33, type: "bytes" },
  { name: "Name", tagClass: "private", tag: 34, type: "utf8" },
  { name: "Address", tagClass: "private", tag: 35, type: "utf8" },
  { name: "Birth", tagClass: "private", tag: 36, type: "printable" },
  { name: "Sex", tagClass: "private", tag: 37, type: "printable" },
];

/** `TextSignature` (text_ap.go). */
export const TEXT_SIGNATURE: readonly GoField[] = [
  { name: "MyNumDigest", tagClass: "private", tag: 49, type: "bytes" },
  { name: "AttrsDigest", tagClass: "private", tag: 50, type: "bytes" },
  { name: "Signature", tagClass: "private", tag: 51, type: "bytes" },
];

/** `TextCertificate` (text_ap.go). */
export const TEXT_CERTIFICATE: readonly GoField[] = [{ name: "Raw", tagClass: "application", tag: 78, type: "bytes" }];

/** `TextBasicInfo` (text_ap.go). */
export const TEXT_BASIC_INFO: readonly GoField[] = [
  { name: "APInfo", tagClass: "private", tag: 65, type: "bytes" },
  { name: "KeyID", tagClass: "private", tag: 66, type: "bytes" },
];

/** `VisualInfo` (libmyna/visual_ap.go). */
export const VISUAL_INFO: readonly GoField[] = [
  { name: "Header", tagClass: "private", tag: 33, type: "bytes" },
  { name: "Birth", tagClass: "private", tag: 34, type: "printable" },
  { name: "Sex", tagClass: "private", tag: 35, type: "printable" },
  { name: "PublicKey", tagClass: "private", tag: 36, type: "bytes" },
  { name: "Name", tagClass: "private", tag: 37, type: "bytes" },
  { name: "Addr", tagClass: "private", tag: 38, type: "bytes" },
  { name: "Photo", tagClass: "private", tag: 39, type: "bytes" },
  { name: "Signature", tagClass: "private", tag: 40, type: "bytes" },
  { name: "Expire", tagClass: "private", tag: 41, type: "printable" },
  { name: "Code", tagClass: "private", tag: 42, type: "bytes" },
];

const TEXT_AP = "D3921000310001010408";
const VISUAL_AP = "D3921000310001010402";
const JPKI_AP = "D392F000260100000001";

/** `GetPinStatus` (api.go): the seven counters, -1 where SW1 ≠ 63. */
export async function getPinStatus(link: ApduChannel): Promise<Record<string, number>> {
  const r = new GoReader(link);
  const status: Record<string, number> = {};
  await r.selectDF(JPKI_AP);
  await r.selectEF("00 18");
  status.jpki_auth = await r.lookupPin();
  await r.selectEF("00 1B");
  status.jpki_sign = await r.lookupPin();
  const token = await readToken(r);
  if (token === "JPKIAPGPSETOKEN") return status;
  await r.selectDF(VISUAL_AP);
  await r.selectEF("0013");
  status.visual_pin_a = await r.lookupPin();
  await r.selectEF("0012");
  status.visual_pin_b = await r.lookupPin();
  await r.selectDF(TEXT_AP);
  await r.selectEF("0011");
  status.text_pin = await r.lookupPin();
  await r.selectEF("0014");
  status.text_pin_a = await r.lookupPin();
  await r.selectEF("0015");
  status.text_pin_b = await r.lookupPin();
  return status;
}

/** `JPKIAP.ReadToken` (jpki_ap.go): 32 bytes of EF 0006, trailing spaces trimmed. */
async function readToken(r: GoReader): Promise<string> {
  await r.selectEF("00 06");
  const data = (await r.readBinary(0x20)) ?? new Uint8Array(0);
  return new TextDecoder().decode(data).replace(/ +$/, "");
}

/** `CheckCard` (api.go): the token label must be a card's or a phone's. */
export async function checkCard(link: ApduChannel): Promise<string> {
  const r = new GoReader(link);
  await r.selectDF(JPKI_AP);
  await r.selectEF("00 06");
  return readToken(r);
}

/** `GetMyNumber` (api.go) with `TextAP.VerifyPin` and `ReadMyNumber` (17 bytes, `private,tag:16`). */
export async function getMyNumber(link: ApduChannel, pin: string): Promise<string> {
  const r = new GoReader(link);
  await r.selectDF(TEXT_AP);
  await r.selectEF("0011");
  await r.verify(pin);
  await r.selectEF("0001");
  const data = await r.readBinary(17);
  if (data === null) throw new Error("ReadBinary failed");
  const e = parseElement(data, 0);
  if (e.tagClass !== 3 || e.tagNumber !== 16) throw new Error("asn1: tags don't match (16)");
  return new TextDecoder().decode(e.value);
}

/** Reads a TLV file the Go way: 7 bytes, ASN1PartialParser, then `ReadBinary(GetSize())` from offset 0. */
async function readTlvFile(r: GoReader): Promise<Uint8Array> {
  const head = await r.readBinary(7);
  if (head === null || head.length !== 7) throw new Error("Error at ReadBinary()");
  const data = await r.readBinary(asn1PartialSize(head));
  if (data === null) throw new Error("Error at ReadBinary()");
  return data;
}

/** `GetAttrInfo` (api.go): VERIFY 0011, then `ReadAttributes` (text_ap.go). */
export async function getAttrInfo(link: ApduChannel, pin: string): Promise<Record<string, Uint8Array | string>> {
  const r = new GoReader(link);
  await r.selectDF(TEXT_AP);
  await r.selectEF("0011");
  await r.verify(pin);
  await r.selectEF("0002");
  return unmarshalStruct(await readTlvFile(r), "private", 32, TEXT_ATTRS);
}

/** `TextAP.ReadSignature` after `VerifyPin`: exactly 336 bytes, `private,tag:48`. */
export async function readTextSignature(link: ApduChannel, pin: string): Promise<Record<string, Uint8Array | string>> {
  const r = new GoReader(link);
  await r.selectDF(TEXT_AP);
  await r.selectEF("0011");
  await r.verify(pin);
  await r.selectEF("0003");
  const data = await r.readBinary(336);
  if (data === null || data.length !== 336) throw new Error("Error at ReadBinary()");
  return unmarshalStruct(data, "private", 48, TEXT_SIGNATURE);
}

/** `TextAP.ReadCertificate`: exactly 568 bytes, `application,tag:33`. Returns the raw bytes read and the body. */
export async function readTextCertificate(link: ApduChannel): Promise<{ data: Uint8Array; body: Uint8Array }> {
  const r = new GoReader(link);
  await r.selectDF(TEXT_AP);
  await r.selectEF("0004");
  const data = await r.readBinary(568);
  if (data === null || data.length !== 568) throw new Error("Error at ReadBinary()");
  return { data, body: unmarshalStruct(data, "application", 33, TEXT_CERTIFICATE).Raw as Uint8Array };
}

/** `TextAP.ReadBasicInfo`: exactly 256 bytes, `private,tag:64`, APInfo 4 bytes and KeyID 16 bytes. */
export async function readTextBasicInfo(link: ApduChannel): Promise<{ APInfo: Uint8Array; KeyID: Uint8Array }> {
  const r = new GoReader(link);
  await r.selectDF(TEXT_AP);
  await r.selectEF("0005");
  const data = await r.readBinary(256);
  if (data === null || data.length !== 256) throw new Error("Error at ReadBinary()");
  const info = unmarshalStruct(data, "private", 64, TEXT_BASIC_INFO);
  const APInfo = info.APInfo as Uint8Array;
  const KeyID = info.KeyID as Uint8Array;
  if (APInfo.length !== 4) throw new Error("invalid APInfo length");
  if (KeyID.length !== 16) throw new Error("invalid KeyID length");
  return { APInfo, KeyID };
}

/** `GetVisualInfo(mynumber)` (api.go): card-face AP, VERIFY 照合番号A on 0013, `GetVisualInfo` (visual_ap.go). */
export async function getVisualInfo(link: ApduChannel, mynumber: string): Promise<Record<string, Uint8Array | string>> {
  const r = new GoReader(link);
  await r.selectDF(VISUAL_AP);
  await r.selectEF("0013");
  await r.verify(mynumber);
  await r.selectEF("0002");
  return unmarshalStruct(await readTlvFile(r), "private", 32, VISUAL_INFO);
}

/** `GetJPKICert` (api.go) with `ReadCertificate` (jpki_ap.go): optional VERIFY 001B, 7 bytes, then the whole DER. */
export async function getJpkiCert(link: ApduChannel, efid: string, pass = ""): Promise<Uint8Array> {
  const r = new GoReader(link);
  await r.selectDF(JPKI_AP);
  if (pass !== "") {
    await r.selectEF("00 1B");
    await r.verify(pass);
  }
  await r.selectEF(efid);
  return readTlvFile(r);
}

/** `JPKISignSigner.Sign` (api.go): VERIFY 001B, SELECT 001A, `80 2A 00 80` over a DigestInfo. */
export async function jpkiSignSign(link: ApduChannel, pass: string, digestInfo: Uint8Array): Promise<Uint8Array> {
  const r = new GoReader(link);
  await r.selectDF(JPKI_AP);
  await r.selectEF("00 1B");
  await r.verify(pass);
  await r.selectEF("00 1A");
  return r.signature(digestInfo);
}

/** `CmsSignJPKISignUser` (api.go): VERIFY 0018, SELECT 0017, `80 2A 00 80` over the raw content. */
export async function cmsSignJpkiSignUser(link: ApduChannel, pin: string, content: Uint8Array): Promise<Uint8Array> {
  const r = new GoReader(link);
  await r.selectDF(JPKI_AP);
  await r.selectEF("00 18");
  await r.verify(pin);
  await r.selectEF("00 17");
  return r.signature(content);
}
