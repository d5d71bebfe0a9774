/**
 * soltia48/myna-card, ported command for command:
 * - `src/card.rs` @ 0c39784a485053b45b7686332466069e01692326 (`Card`: call with 6Cxx/61xx handling, select_df,
 *   select_ef, read_binary_chunk(_sfi), read_binary, read_binary_all, read_binary_physical, verify(_sfi), pin_retries,
 *   get_challenge, get_data, contact_atr),
 * - `src/data.rs` @ 08c204b2833ac9bddd83dc8de67034207182b672 (`TlvFields`, `check_offsets`, `Date`, `KeyId`,
 *   `CardVerifiableCertificate`, `verification_code_b`),
 * - `src/ap/text.rs`, `src/ap/jpki.rs` @ 0c39784a485053b45b7686332466069e01692326 and `src/ap/surface.rs`
 *   @ 26c136933ad5e3e8afaa8fdaa047236c27e4a927 (files, parsers, presence-proof signing, signature schemes by SFI).
 */
import type { ApduChannel } from "../../../sim/apdu/index.ts";
import { concatBytes } from "../../../sim/apdu/index.ts";

/** A status word other than 9000, as `Error::Status`. */
export class StatusError extends Error {
  constructor(readonly sw: number) {
    super(`card answered ${sw.toString(16).toUpperCase().padStart(4, "0")}`);
  }
}

/** `Command` encoding (`src/apdu.rs`): short when it fits (Le 256 → `00`), extended otherwise (Le 65536 → `00 00`). */
function command(cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Uint8Array {
  const body = data ?? new Uint8Array(0);
  const extended = body.length > 255 || (le !== undefined && le > 256);
  const out: number[] = [cla, ins, p1, p2];
  if (!extended) {
    if (body.length > 0) out.push(body.length, ...body);
    if (le !== undefined) out.push(le === 256 ? 0 : le);
  } else {
    out.push(0);
    if (body.length > 0) out.push(body.length >> 8, body.length & 0xff, ...body);
    if (le !== undefined) out.push(le === 65536 ? 0 : le >> 8, le === 65536 ? 0 : le & 0xff);
  }
  return Uint8Array.from(out);
}

/** `ber::parse_header`: tag (as a number), header length and total length. */
export function parseHeader(bytes: Uint8Array): { tag: number; headerLength: number; totalLength: number } {
  let i = 0;
  if (bytes.length < 2) throw new Error("truncated header");
  let tag = bytes[i++] as number;
  if ((tag & 0x1f) === 0x1f) {
    let b: number;
    do {
      b = bytes[i++] as number;
      tag = tag * 256 + b;
    } while (b & 0x80);
  }
  let length = bytes[i++] as number;
  if (length === 0x80) throw new Error("indefinite length");
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + (bytes[i++] as number);
  }
  return { tag, headerLength: i, totalLength: i + length };
}

/** `ber::parse`: tag and value of the object at the start (bytes after it are ignored). */
export function berParse(bytes: Uint8Array): { tag: number; value: Uint8Array } {
  const h = parseHeader(bytes);
  if (h.totalLength > bytes.length) throw new Error("object runs past the data");
  return { tag: h.tag, value: bytes.subarray(h.headerLength, h.totalLength) };
}

/** Port of `Card` (card.rs). */
export class MynaCard {
  constructor(private readonly link: ApduChannel) {}

  private async once(cmd: Uint8Array): Promise<{ data: Uint8Array; sw: number }> {
    const res = await this.link.transmit(cmd);
    return { data: res.subarray(0, res.length - 2), sw: ((res[res.length - 2] as number) << 8) | (res[res.length - 1] as number) };
  }

  /** `call`: a 6Cxx reply resends with the corrected Le, 61xx collects the rest with GET RESPONSE. */
  async call(cmd: Uint8Array): Promise<{ data: Uint8Array; sw: number }> {
    let response = await this.once(cmd);
    if ((response.sw & 0xff00) === 0x6c00) {
      const le = response.sw & 0xff;
      response = await this.once(concatBytes(cmd.subarray(0, cmd.length - 1), Uint8Array.of(le)));
    }
    let data = response.data;
    while ((response.sw & 0xff00) === 0x6100) {
      response = await this.once(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, response.sw & 0xff));
      data = concatBytes(data, response.data);
    }
    return { data, sw: response.sw };
  }

  async callOk(cmd: Uint8Array): Promise<Uint8Array> {
    const r = await this.call(cmd);
    if (r.sw !== 0x9000) throw new StatusError(r.sw);
    return r.data;
  }

  async selectDf(name: Uint8Array): Promise<void> {
    await this.callOk(command(0x00, 0xa4, 0x04, 0x0c, name));
  }

  async selectEf(id: number): Promise<void> {
    await this.callOk(command(0x00, 0xa4, 0x02, 0x0c, Uint8Array.of(id >> 8, id & 0xff)));
  }

  async readBinaryChunk(offset: number, le: number): Promise<Uint8Array> {
    return this.callOk(command(0x00, 0xb0, offset >> 8, offset & 0xff, undefined, le));
  }

  /** `read_binary_chunk_sfi`: P1 = 80 | SFI, P2 the 8-bit offset. */
  async readBinaryChunkSfi(sfi: number, offset: number, le: number): Promise<Uint8Array> {
    return this.callOk(command(0x00, 0xb0, 0x80 | sfi, offset, undefined, le));
  }

  /** `read_binary`: up to `length` bytes in chunks of ≤ 256, stopping early on an empty chunk or 6B00/6282. */
  async readBinary(offset: number, length: number): Promise<Uint8Array> {
    let out: Uint8Array = new Uint8Array(0);
    while (out.length < length) {
      const want = Math.min(length - out.length, 256);
      try {
        const chunk = await this.readBinaryChunk(offset + out.length, want);
        if (chunk.length === 0) break;
        out = concatBytes(out, chunk);
      } catch (e) {
        if (e instanceof StatusError && (e.sw === 0x6b00 || e.sw === 0x6282)) break;
        throw e;
      }
    }
    return out;
  }

  /** `read_binary_all`: 256 bytes at 0; the TLV header decides the rest; filler after the object is dropped. */
  async readBinaryAll(): Promise<Uint8Array> {
    let out: Uint8Array;
    try {
      out = await this.readBinaryChunk(0, 256);
    } catch (e) {
      if (e instanceof StatusError && (e.sw === 0x6b00 || e.sw === 0x6282)) return new Uint8Array(0);
      throw e;
    }
    if (out.length === 0) return out;
    const total = parseHeader(out).totalLength;
    if (total <= out.length) return out.subarray(0, total);
    return concatBytes(out, await this.readBinary(out.length, total - out.length));
  }

  /** `read_binary_physical`: chunks of 256 until a short one or 6B00/6282, filler included. */
  async readBinaryPhysical(): Promise<Uint8Array> {
    let out: Uint8Array = new Uint8Array(0);
    while (out.length <= 0x7fff) {
      try {
        const chunk = await this.readBinaryChunk(out.length, 256);
        if (chunk.length === 0) break;
        out = concatBytes(out, chunk);
        if (chunk.length < 256) break;
      } catch (e) {
        if (e instanceof StatusError && (e.sw === 0x6b00 || e.sw === 0x6282)) break;
        throw e;
      }
    }
    return out;
  }

  async verify(pin: string): Promise<void> {
    await this.callOk(command(0x00, 0x20, 0x00, 0x80, new TextEncoder().encode(pin)));
  }

  /** `verify_sfi`: P2 = 80 | SFI, no SELECT. */
  async verifySfi(sfi: number, pin: string): Promise<void> {
    await this.callOk(command(0x00, 0x20, 0x00, 0x80 | sfi, new TextEncoder().encode(pin)));
  }

  /** `pin_retries`: `00 20 00 80` → Remaining(n) / Blocked (63C0 or 6984) / Unlimited (6300) / NotReported (9000). */
  async pinRetries(): Promise<number | "blocked" | "unlimited" | "not reported"> {
    const r = await this.call(Uint8Array.of(0x00, 0x20, 0x00, 0x80));
    if (r.sw === 0x6300) return "unlimited";
    if (r.sw === 0x63c0 || r.sw === 0x6984) return "blocked";
    if (r.sw === 0x9000) return "not reported";
    if ((r.sw & 0xfff0) === 0x63c0) return r.sw & 0x0f;
    throw new StatusError(r.sw);
  }

  /** `get_challenge`: `00 84 00 00 Le`, exactly `len` bytes. */
  async getChallenge(len: number): Promise<Uint8Array> {
    const data = await this.callOk(command(0x00, 0x84, 0x00, 0x00, undefined, len));
    if (data.length !== len) throw new Error(`asked for a ${len} byte challenge and got ${data.length}`);
    return data;
  }

  /** `get_data`: `00 CA P1 P2 00`, retried with an extended Le on 6700. */
  async getData(tag: number): Promise<Uint8Array> {
    const short = await this.call(command(0x00, 0xca, tag >> 8, tag & 0xff, undefined, 256));
    if (short.sw === 0x9000) return short.data;
    if (short.sw === 0x6700) return this.callOk(command(0x00, 0xca, tag >> 8, tag & 0xff, undefined, 65536));
    throw new StatusError(short.sw);
  }

  /** `contact_atr`: GET DATA 5F51, TCK checked, `3B` put back in front. */
  async contactAtr(): Promise<Uint8Array> {
    const stored = await this.getData(0x5f51);
    const body = stored.subarray(0, stored.length - 1);
    const tck = stored[stored.length - 1];
    if (body.reduce((acc, b) => acc ^ b, 0) !== tck) throw new Error("contact ATR checksum does not match");
    return concatBytes(Uint8Array.of(0x3b), stored);
  }

  /** `80 2A <p1> <p2> Lc data 00` (Le 256). */
  async computeSignature(p1: number, p2: number, data: Uint8Array): Promise<Uint8Array> {
    return this.callOk(command(0x80, 0x2a, p1, p2, data, 256));
  }
}

/** `TlvFields::parse` (data.rs): the objects inside `expectedTag`, stopping at 00/FF filler, offsets checked. */
export class TlvFields {
  private constructor(private readonly items: { tag: number; value: Uint8Array; raw: Uint8Array }[]) {}

  static parse(raw: Uint8Array, expectedTag: number, offsetTable?: number): TlvFields {
    const outer = berParse(raw);
    if (outer.tag !== expectedTag) throw new Error(`expected tag ${expectedTag.toString(16)}, got ${outer.tag.toString(16)}`);
    let pos = parseHeader(raw).headerLength;
    let rest = outer.value;
    let offsets: Uint8Array | undefined;
    const items: { tag: number; value: Uint8Array; raw: Uint8Array }[] = [];
    const starts: number[] = [];
    while (rest.length > 0 && rest[0] !== 0x00 && rest[0] !== 0xff) {
      const h = parseHeader(rest);
      if (h.totalLength > rest.length) throw new Error("a field runs past the end of the file");
      const value = rest.subarray(h.headerLength, h.totalLength);
      if (h.tag === offsetTable) offsets = value;
      else {
        items.push({ tag: h.tag, value, raw: rest.subarray(0, h.totalLength) });
        starts.push(pos);
      }
      pos += h.totalLength;
      rest = rest.subarray(h.totalLength);
    }
    if (offsets !== undefined) checkOffsets(offsets, starts);
    return new TlvFields(items);
  }

  get(tag: number): Uint8Array {
    const item = this.items.find((i) => i.tag === tag);
    if (!item) throw new Error(`no field with tag ${tag.toString(16)}`);
    return item.value;
  }

  bytesBefore(tag: number): Uint8Array {
    const end = this.items.findIndex((i) => i.tag === tag);
    if (end < 0) throw new Error(`no field with tag ${tag.toString(16)}`);
    return concatBytes(...this.items.slice(0, end).map((i) => i.raw));
  }

  bytesOf(tags: readonly number[]): Uint8Array {
    return concatBytes(
      ...tags.map((t) => {
        const item = this.items.find((i) => i.tag === t);
        if (!item) throw new Error(`no field with tag ${t.toString(16)}`);
        return item.raw;
      }),
    );
  }
}

/** `check_offsets` (data.rs): one u16 per object, each the object's start from the first byte of the file. */
export function checkOffsets(table: Uint8Array, starts: readonly number[]): void {
  if (table.length !== starts.length * 2) throw new Error(`offset table is ${table.length} bytes for ${starts.length} objects`);
  starts.forEach((start, i) => {
    const declared = ((table[2 * i] as number) << 8) | (table[2 * i + 1] as number);
    if (declared !== start) throw new Error(`offset ${i} says ${declared} but the object starts at ${start}`);
  });
}

/** `Date::parse`: 8 ASCII digits, month 1–12, day 1–31. */
export function parseDate(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  if (!/^[0-9]{8}$/.test(text)) throw new Error("expected 8 digits");
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new Error("not a calendar date");
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** `KeyId::parse`: 16 bytes, digits at 0..7 and 9..12. */
export function parseKeyId(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error("key identifier must be 16 bytes");
  const text = new TextDecoder("latin1").decode(bytes);
  if (!/^[0-9]{7}$/.test(text.slice(0, 7)) || !/^[0-9]{3}$/.test(text.slice(9, 12))) throw new Error("key identifier is not digits where it should be");
  return `${text.slice(0, 7)}/${text.slice(9, 12)}`;
}

/** `CardVerifiableCertificate::parse` (data.rs): 7F21 { 5F4E body of exactly 297 bytes, 5F37 signature }. */
export function parseCvCertificate(data: Uint8Array): { issuer: string; subject: string; publicKey: Uint8Array; signature: Uint8Array; signedData: Uint8Array } {
  const outer = berParse(data);
  if (outer.tag !== 0x7f21) throw new Error("expected tag 7F21");
  let body: Uint8Array | undefined;
  let signature: Uint8Array | undefined;
  for (let rest = outer.value; rest.length > 0; ) {
    const h = parseHeader(rest);
    const value = rest.subarray(h.headerLength, h.totalLength);
    if (h.tag === 0x5f4e) body = value;
    if (h.tag === 0x5f37) signature = value;
    rest = rest.subarray(h.totalLength);
  }
  if (!body || !signature) throw new Error("certificate has no body or signature");
  if (body.length !== 297) throw new Error(`certificate body must be 297 bytes, got ${body.length}`);
  return { issuer: parseKeyId(body.subarray(0, 16)), subject: parseKeyId(body.subarray(16, 32)), publicKey: body.subarray(32), signature, signedData: body };
}
