/**
 * siketyan/jpki-rs, ported command for command:
 * - `core/src/card.rs` @ 15d4e7fe45c7848caae05103d8d2c40c92225797 (`Card`: select_df, select_ef, read, verify, sign,
 *   verify_pin, read_der_size),
 * - `core/src/der.rs` @ 061f4e43f2dde59ddd05e7539c218d345c904dd4 (`Reader`, `entire_size_from_partial`),
 * - `core/src/ap/support.rs`, `core/src/ap/surface.rs` @ 061f4e43f2dde59ddd05e7539c218d345c904dd4,
 * - `core/src/ap/jpki.rs` @ 15d4e7fe45c7848caae05103d8d2c40c92225797,
 * - PIN status as `core/src/card.rs` @ 52371d33a127041811c65f02e69286a09343e9d9 maps it (63Cx → x, 9000 → 0),
 * - the CLI's SHA-1 DigestInfo (`cli/src/digest.rs` @ 52371d33a127041811c65f02e69286a09343e9d9).
 * APDUs as siketyan/apdu-rs builds them (`apdu-core/src/command.rs` @ 23a1dee89fbdbb4db97f72174235465dfd2ca975):
 * short only, an empty VERIFY is case 1.
 */
import { createHash } from "node:crypto";
import type { ApduChannel } from "../../../sim/apdu/index.ts";
import { concatBytes } from "../../../sim/apdu/index.ts";

/** Port of `der::Reader`. */
export class DerReader {
  private cursor = 0;
  constructor(private readonly buffer: Uint8Array) {}

  private next(): number {
    const b = this.buffer[this.cursor];
    if (b === undefined) throw new Error("index out of bounds");
    this.cursor++;
    return b;
  }

  /** `read_length`: skips a 1- or 2-byte tag, then a short or long-form length. */
  readLength(): number {
    if ((this.next() & 0x1f) === 0x1f) this.next();
    const head = this.next();
    if ((head & 0x80) === 0) return head;
    let size = 0;
    for (let i = 0; i < (head & 0x7f); i++) size = (size << 8) | this.next();
    return size;
  }

  readAuto(): Uint8Array {
    const length = this.readLength();
    if (this.cursor + length > this.buffer.length) throw new Error("index out of bounds");
    const out = this.buffer.subarray(this.cursor, this.cursor + length);
    this.cursor += length;
    return out;
  }

  readString(): string {
    return new TextDecoder().decode(this.readAuto());
  }

  inSequence<T>(f: (reader: DerReader) => T): T {
    return f(new DerReader(this.readAuto()));
  }

  get position(): number {
    return this.cursor;
  }
}

/** `entire_size_from_partial`: header + length of the object whose first bytes are `header`. */
export function entireSizeFromPartial(header: Uint8Array): number {
  const reader = new DerReader(header);
  return reader.readLength() + reader.position;
}

/** Port of `Card` (card.rs). */
export class JpkiRsCard {
  constructor(private readonly link: ApduChannel) {}

  private async handle(cmd: Uint8Array): Promise<Uint8Array> {
    const res = await this.link.transmit(cmd);
    const sw = ((res[res.length - 2] as number) << 8) | (res[res.length - 1] as number);
    if (sw !== 0x9000) throw Object.assign(new Error(`card answered ${sw.toString(16)}`), { sw });
    return res.subarray(0, res.length - 2);
  }

  async selectDf(name: Uint8Array): Promise<void> {
    await this.handle(concatBytes(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c, name.length), name));
  }

  async selectEf(id: Uint8Array): Promise<void> {
    await this.handle(concatBytes(Uint8Array.of(0x00, 0xa4, 0x02, 0x0c, id.length), id));
  }

  /** `read(len)`: Le 0 while more than 255 remain, else the low byte of the total; stops on a short chunk. */
  async read(len: number): Promise<Uint8Array> {
    let pos = 0;
    let buf: Uint8Array = new Uint8Array(0);
    while (pos < len) {
      const le = len - pos > 0xff ? 0 : len & 0xff;
      const fragment = await this.handle(Uint8Array.of(0x00, 0xb0, pos >> 8, pos & 0xff, le));
      buf = concatBytes(buf, fragment);
      pos += fragment.length;
      if ((fragment.length & 0xff) < le) break;
    }
    return buf;
  }

  async verify(pin: Uint8Array): Promise<void> {
    await this.handle(pin.length === 0 ? Uint8Array.of(0x00, 0x20, 0x00, 0x80) : concatBytes(Uint8Array.of(0x00, 0x20, 0x00, 0x80, pin.length), pin));
  }

  /** `sign`: `80 2A 00 80 Lc digest 00`. */
  async sign(digest: Uint8Array): Promise<Uint8Array> {
    return this.handle(concatBytes(Uint8Array.of(0x80, 0x2a, 0x00, 0x80, digest.length), digest, Uint8Array.of(0x00)));
  }

  async verifyPin(ef: Uint8Array, pin: Uint8Array): Promise<void> {
    await this.selectEf(ef);
    await this.verify(pin);
  }

  async readDerSize(): Promise<number> {
    return entireSizeFromPartial(await this.read(7));
  }

  /** PIN status (card.rs @ 52371d33): SELECT the key EF, empty VERIFY; 63Cx → x, 9000 → 0, else an error. */
  async pinStatus(ef: Uint8Array): Promise<number> {
    await this.selectEf(ef);
    const res = await this.link.transmit(Uint8Array.of(0x00, 0x20, 0x00, 0x80));
    const sw = ((res[res.length - 2] as number) << 8) | (res[res.length - 1] as number);
    if ((sw & 0xfff0) === 0x63c0) return sw & 0x0f;
    if (sw === 0x9000) return 0;
    throw new Error(`pin status: ${sw.toString(16)}`);
  }
}

const ef = (id: number) => Uint8Array.of(id >> 8, id & 0xff);
const SUPPORT_DF = Uint8Array.of(0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08);
const SURFACE_DF = Uint8Array.of(0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02);
const JPKI_DF = Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01);

/** `SupportAp::read_my_number` (support.rs). */
export async function readMyNumber(link: ApduChannel, pin: string): Promise<string> {
  const card = new JpkiRsCard(link);
  await card.selectDf(SUPPORT_DF);
  await card.verifyPin(ef(0x11), new TextEncoder().encode(pin));
  await card.selectEf(ef(0x01));
  return new TextDecoder().decode(new DerReader(await card.read(17)).readAuto());
}

/** `SupportAp::read_attributes` (support.rs): `_header`, name, address, birth, sex (`1`/`2`/`9`, else Unknown). */
export async function readAttributes(link: ApduChannel, pin: string): Promise<{ name: string; address: string; dateOfBirth: string; sex: string }> {
  const card = new JpkiRsCard(link);
  await card.selectDf(SUPPORT_DF);
  await card.verifyPin(ef(0x11), new TextEncoder().encode(pin));
  await card.selectEf(ef(0x02));
  const raw = await card.read(await card.readDerSize());
  return new DerReader(raw).inSequence((r) => {
    r.readAuto();
    const name = r.readString();
    const address = r.readString();
    const dateOfBirth = r.readString();
    const code = r.readString();
    const sex = code === "1" ? "Male" : code === "2" ? "Female" : code === "9" ? "NotApplicable" : "Unknown";
    return { name, address, dateOfBirth, sex };
  });
}

/** `SurfaceAp::read_surface` (surface.rs): Pin::A on 0013 or Pin::B on 0012, then the ten fields in order. */
export async function readSurface(link: ApduChannel, pin: { a: string } | { b: string }): Promise<Record<string, Uint8Array>> {
  const card = new JpkiRsCard(link);
  await card.selectDf(SURFACE_DF);
  if ("a" in pin) await card.verifyPin(ef(0x13), new TextEncoder().encode(pin.a));
  else await card.verifyPin(ef(0x12), new TextEncoder().encode(pin.b));
  await card.selectEf(ef(0x02));
  const raw = await card.read(await card.readDerSize());
  const names = ["_header", "dateOfBirth", "sex", "publicKey", "name", "address", "photo", "signature", "expiryDate", "code"];
  return new DerReader(raw).inSequence((r) => Object.fromEntries(names.map((n) => [n, r.readAuto()])));
}

/** `JpkiAp::read_certificate` (jpki.rs): VERIFY 001B for the signing certificate only, then a DER-sized read. */
export async function readCertificate(link: ApduChannel, type: "auth" | "auth-ca" | "sign" | "sign-ca", signPassword = ""): Promise<Uint8Array> {
  const card = new JpkiRsCard(link);
  await card.selectDf(JPKI_DF);
  if (type === "sign") await card.verifyPin(ef(0x1b), new TextEncoder().encode(signPassword));
  await card.selectEf(ef({ auth: 0x0a, "auth-ca": 0x0b, sign: 0x01, "sign-ca": 0x02 }[type]));
  return card.read(await card.readDerSize());
}

/** The CLI's digest: a SHA-1 DigestInfo (`30 21 30 09 06 05 2B 0E 03 02 1A 05 00 04 14 <20>`). */
export function sha1DigestInfo(message: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14), createHash("sha1").update(message).digest());
}

/** `JpkiAp::auth` / `JpkiAp::sign` (jpki.rs): VERIFY, SELECT 0017 / 001A, `80 2A 00 80`. */
export async function jpkiSign(link: ApduChannel, key: "auth" | "sign", pin: string, digest: Uint8Array): Promise<Uint8Array> {
  const card = new JpkiRsCard(link);
  await card.selectDf(JPKI_DF);
  await card.verifyPin(ef(key === "auth" ? 0x18 : 0x1b), new TextEncoder().encode(pin));
  await card.selectEf(ef(key === "auth" ? 0x17 : 0x1a));
  return card.sign(digest);
}

/** PIN status of the five key EFs jpki-rs knows: `0018`/`001B` (crypto), `0013`/`0012` (surface), `0011` (support). */
export async function pinStatuses(link: ApduChannel): Promise<Record<string, number>> {
  const card = new JpkiRsCard(link);
  const out: Record<string, number> = {};
  await card.selectDf(JPKI_DF);
  out.auth = await card.pinStatus(ef(0x18));
  out.sign = await card.pinStatus(ef(0x1b));
  await card.selectDf(SURFACE_DF);
  out.surfaceA = await card.pinStatus(ef(0x13));
  out.surfaceB = await card.pinStatus(ef(0x12));
  await card.selectDf(SUPPORT_DF);
  out.support = await card.pinStatus(ef(0x11));
  return out;
}
