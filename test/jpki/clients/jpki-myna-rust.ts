/**
 * jpki/myna's Rust command-line tool, ported command for command:
 * - `src/reader.rs` @ 1d6bd482cc0c48bac4a228096de35eb6caef0e0d (`MynaReader`: select_df, select_ef, read_binary,
 *   read_binary_all, read_pin, verify_pin, signature),
 * - `src/text.rs`, `src/visual.rs` @ 1d6bd482cc0c48bac4a228096de35eb6caef0e0d (basic-info, mynumber, attrs, photo),
 * - `src/jpki.rs` @ 191f4a97ce7d3cd46150f6255d4a356fa54cc987 (token name from EF 0006; auth certificate; signing),
 * - `src/pin.rs` @ 1d6bd482cc0c48bac4a228096de35eb6caef0e0d (pin status order).
 * `asn1_rs::Any::from_ber` is reproduced by {@link anyFromBer}: it reports how many bytes are missing (nom's `Needed`).
 * Not reproduced: the tool's reader filter (it only connects to a reader whose ATR starts `3B 88 80 01`).
 */
import type { ApduChannel } from "../../../sim/apdu/index.ts";
import { fromHex } from "../../../sim/apdu/index.ts";

/** What `Any::from_ber` gives: the element and the rest, or how many bytes it still needs. */
export type AnyResult = { kind: "ok"; data: Uint8Array; rest: Uint8Array } | { kind: "incomplete"; needed: number };

/** `asn1_rs::Any::from_ber` on a possibly partial buffer (definite lengths, any tag form). */
export function anyFromBer(bytes: Uint8Array): AnyResult {
  let i = 0;
  const need = (k: number): number | undefined => (i + k > bytes.length ? i + k - bytes.length : undefined);
  if (need(1) !== undefined) return { kind: "incomplete", needed: 1 };
  const first = bytes[i++] as number;
  if ((first & 0x1f) === 0x1f) {
    let b: number;
    do {
      if (need(1) !== undefined) return { kind: "incomplete", needed: 1 };
      b = bytes[i++] as number;
    } while (b & 0x80);
  }
  if (need(1) !== undefined) return { kind: "incomplete", needed: 1 };
  let length = bytes[i++] as number;
  if (length & 0x80) {
    const n = length & 0x7f;
    const missing = need(n);
    if (missing !== undefined) return { kind: "incomplete", needed: missing };
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + (bytes[i++] as number);
  }
  const missing = need(length);
  if (missing !== undefined) return { kind: "incomplete", needed: missing };
  return { kind: "ok", data: bytes.subarray(i, i + length), rest: bytes.subarray(i + length) };
}

function anyOk(bytes: Uint8Array): { data: Uint8Array; rest: Uint8Array } {
  const r = anyFromBer(bytes);
  if (r.kind !== "ok") throw new Error("parse failed");
  return r;
}

/** Port of `MynaReader` (reader.rs). */
export class MynaReader {
  constructor(private readonly link: ApduChannel) {}

  private async transmit(cmd: Uint8Array): Promise<{ sw: number; sw1: number; sw2: number; data: Uint8Array }> {
    const res = await this.link.transmit(cmd);
    const sw1 = res[res.length - 2] as number;
    const sw2 = res[res.length - 1] as number;
    return { sw: (sw1 << 8) | sw2, sw1, sw2, data: res.subarray(0, res.length - 2) };
  }

  /** `select_df`: case3, the answer is not checked. */
  async selectDf(aid: string): Promise<void> {
    const bid = fromHex(aid);
    await this.transmit(new Uint8Array([0x00, 0xa4, 0x04, 0x0c, bid.length, ...bid]));
  }

  async selectEf(fid: string): Promise<void> {
    const bid = fromHex(fid);
    const res = await this.transmit(new Uint8Array([0x00, 0xa4, 0x02, 0x0c, bid.length, ...bid]));
    if (res.sw !== 0x9000) throw new Error(`EF ${fid}の選択に失敗しました (${res.sw.toString(16)})`);
  }

  /**
   * `read_binary(pos, size)`: Le 0 while more than 255 remain. The real loop spins forever on an empty answer; the port
   * throws instead.
   */
  async readBinary(pos: number, size: number): Promise<Uint8Array> {
    const result: number[] = [];
    const end = pos + size;
    while (pos < end) {
      const remaining = end - pos;
      const le = remaining > 0xff ? 0 : remaining;
      const res = await this.transmit(Uint8Array.of(0x00, 0xb0, pos >> 8, pos & 0xff, le));
      if (res.data.length === 0) throw new Error(`READ BINARY at ${pos} returned nothing (${res.sw.toString(16)}): the tool would loop forever`);
      result.push(...res.data);
      pos += res.data.length;
    }
    return Uint8Array.from(result);
  }

  /** `read_binary_all`: 7 bytes at 0, then what `Any::from_ber` says is missing, from offset 7. */
  async readBinaryAll(): Promise<Uint8Array> {
    const head = await this.readBinary(0, 7);
    const r = anyFromBer(head);
    const len = r.kind === "incomplete" ? r.needed : 0;
    const data = len > 0 ? await this.readBinary(7, len) : new Uint8Array(0);
    return Uint8Array.from([...head, ...data]);
  }

  /** `read_pin`: `00 20 00 80`, SW2 & 0x0F when SW1 = 63, an error otherwise. */
  async readPin(): Promise<number> {
    const res = await this.transmit(Uint8Array.of(0x00, 0x20, 0x00, 0x80));
    if (res.sw1 === 0x63) return res.sw2 & 0x0f;
    throw new Error(`read_pin: ${res.sw.toString(16)}`);
  }

  async verifyPin(pin: string): Promise<void> {
    const p = new TextEncoder().encode(pin);
    const res = await this.transmit(new Uint8Array([0x00, 0x20, 0x00, 0x80, p.length, ...p]));
    if (res.sw !== 0x9000) throw new Error(`verify pin failed (${res.sw.toString(16)})`);
  }

  /** `signature`: `CommandAPDU::case4(0x80, 0x2A, 0x00, 0x80, data, 0)`. */
  async signature(data: Uint8Array): Promise<Uint8Array> {
    const res = await this.transmit(new Uint8Array([0x80, 0x2a, 0x00, 0x80, data.length, ...data, 0x00]));
    if (res.sw !== 0x9000) throw new Error(`signature: ${res.sw.toString(16)}`);
    return res.data;
  }
}

const TEXT_AP = "D3921000310001010408";
const VISUAL_AP = "D3921000310001010402";
const JPKI_AP = "D392f000260100000001";

/** `pin status` (pin.rs): one empty VERIFY per key EF, in the tool's order. */
export async function pinStatus(link: ApduChannel): Promise<Record<string, number>> {
  const r = new MynaReader(link);
  const out: Record<string, number> = {};
  await r.selectDf(TEXT_AP);
  for (const [name, ef] of [["text 0011", "0011"], ["text 0014", "0014"], ["text 0015", "0015"]] as const) {
    await r.selectEf(ef);
    out[name] = await r.readPin();
  }
  await r.selectDf(VISUAL_AP);
  for (const [name, ef] of [["visual 0013", "0013"], ["visual 0012", "0012"]] as const) {
    await r.selectEf(ef);
    out[name] = await r.readPin();
  }
  await r.selectDf(JPKI_AP);
  for (const [name, ef] of [["jpki 0018", "0018"], ["jpki 001B", "001B"]] as const) {
    await r.selectEf(ef);
    out[name] = await r.readPin();
  }
  return out;
}

/** `text basic-info` (text.rs): SELECT 0005 without a PIN, `read_binary_all`, the first two TLVs (APID, 公開鍵ID). */
export async function textBasicInfo(link: ApduChannel): Promise<{ apid: Uint8Array; pubkeyId: Uint8Array; read: number }> {
  const r = new MynaReader(link);
  await r.selectDf(TEXT_AP);
  await r.selectEf("0005");
  const encoded = await r.readBinaryAll();
  const payload = anyOk(encoded);
  const apid = anyOk(payload.data);
  const pubkeyId = anyOk(apid.rest);
  return { apid: apid.data, pubkeyId: pubkeyId.data, read: encoded.length };
}

/** `text mynumber` (text.rs): VERIFY 0011, SELECT 0001, `read_binary(0, 17)`, UTF-8 of the value. */
export async function textMyNumber(link: ApduChannel, pin: string): Promise<string> {
  const r = new MynaReader(link);
  await r.selectDf(TEXT_AP);
  await r.selectEf("0011");
  await r.verifyPin(pin);
  await r.selectEf("0001");
  return new TextDecoder("utf-8", { fatal: true }).decode(anyOk(await r.readBinary(0, 17)).data);
}

/** `text attrs` (text.rs): VERIFY 0011, SELECT 0002, `read_binary_all`, skip the header TLV, then four UTF-8 values. */
export async function textAttrs(link: ApduChannel, pin: string): Promise<{ name: string; addr: string; birth: string; sex: string }> {
  const r = new MynaReader(link);
  await r.selectDf(TEXT_AP);
  await r.selectEf("0011");
  await r.verifyPin(pin);
  await r.selectEf("0002");
  const res = anyOk(await r.readBinaryAll());
  let rest = anyOk(res.data).rest;
  const text: string[] = [];
  for (let k = 0; k < 4; k++) {
    const e = anyOk(rest);
    text.push(new TextDecoder("utf-8", { fatal: true }).decode(e.data));
    rest = e.rest;
  }
  const [name, addr, birth, sex] = text as [string, string, string, string];
  return { name, addr, birth, sex };
}

/** `visual photo` (visual.rs): the My Number as in `text mynumber`, VERIFY it on 0013, read 0002, skip 6 TLVs, take the 7th. */
export async function visualPhoto(link: ApduChannel, pin: string): Promise<Uint8Array> {
  const r = new MynaReader(link);
  await r.selectDf(TEXT_AP);
  await r.selectEf("0011");
  await r.verifyPin(pin);
  await r.selectEf("0001");
  const mynumber = new TextDecoder().decode(anyOk(await r.readBinary(0, 17)).data);
  await r.selectDf(VISUAL_AP);
  await r.selectEf("0013");
  await r.verifyPin(mynumber);
  await r.selectEf("0002");
  const payload = anyOk(await r.readBinaryAll());
  let rest = payload.data;
  for (let k = 0; k < 6; k++) rest = anyOk(rest).rest;
  return anyOk(rest).data;
}

/** Opening the JPKI AP (jpki.rs): SELECT, token name from the first 32 bytes of EF 0006, trimmed. */
export async function jpkiToken(link: ApduChannel): Promise<string> {
  const r = new MynaReader(link);
  await r.selectDf(JPKI_AP);
  await r.selectEf("0006");
  return new TextDecoder().decode(await r.readBinary(0, 0x20)).replace(/ +$/, "");
}

/** The auth certificate (jpki.rs): VERIFY 0018 first only for `JPKIAPGPSETOKEN`; SELECT 000A; `read_binary_all`. */
export async function jpkiAuthCertificate(link: ApduChannel, pin: string): Promise<Uint8Array> {
  const token = await jpkiToken(link);
  const r = new MynaReader(link);
  if (token === "JPKIAPGPSETOKEN") {
    await r.selectEf("0018");
    await r.verifyPin(pin);
  }
  await r.selectEf("000A");
  return r.readBinaryAll();
}

/** `pkey sign` / `cms sign` (jpki.rs): VERIFY 001B (upper-cased) or 0018, SELECT 001A or 0017, `80 2A 00 80`. */
export async function jpkiSign(link: ApduChannel, key: "sign" | "auth", secret: string, data: Uint8Array): Promise<Uint8Array> {
  const r = new MynaReader(link);
  await r.selectDf(JPKI_AP);
  await r.selectEf(key === "sign" ? "001B" : "0018");
  await r.verifyPin(key === "sign" ? secret.toUpperCase() : secret);
  await r.selectEf(key === "sign" ? "001A" : "0017");
  return r.signature(data);
}
