import { createHash } from "node:crypto";
import { CommandApdu, concatBytes, ResponseApdu, StatusWord, triesLeftOf } from "../apdu/index.ts";
import { Aid } from "./aids.ts";
import { CardStatusError } from "./card-status-error.ts";
import { JpkiFile } from "./jpki-file.ts";
import type { ApduChannel } from "../apdu/index.ts";

/** Which certificates a token says it carries (JPKI EF `0008`). */
export interface CertificateAvailability {
  /** Byte 0 is `8F`: the signing certificate is there. */
  sign: boolean;
  /** Byte 1 is `8F`: the user-authentication certificate is there. */
  auth: boolean;
}

/** Outcome of a VERIFY as a host sees it. */
export type PinVerification = { verified: true } | { verified: false; triesLeft: number; blocked: boolean };

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO_PREFIX = Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20);

/** The SHA-256 DigestInfo of `data`, as a JPKI client sends it to COMPUTE DIGITAL SIGNATURE. */
export function sha256DigestInfo(data: Uint8Array): Uint8Array {
  return concatBytes(SHA256_DIGEST_INFO_PREFIX, createHash("sha256").update(data).digest());
}

/**
 * The host side of the JPKI AP over any {@link ApduChannel} (every `Transceiver` is one), doing what public host tools do (OpenSC's jpki driver,
 * jpki/myna): SELECT the AP, size a certificate from a 4-byte READ BINARY (`30 82 LL LL`) then read it in chunks of
 * up to `chunkSize` bytes, VERIFY a PIN after selecting its EF, COMPUTE DIGITAL SIGNATURE after selecting the key EF.
 */
export class JpkiClient {
  private readonly link: ApduChannel;
  private readonly chunkSize: number;

  constructor(link: ApduChannel, options?: { chunkSize?: number }) {
    this.link = link;
    this.chunkSize = options?.chunkSize ?? 256;
  }

  /** Sends one command and parses the response. */
  async send(command: CommandApdu): Promise<ResponseApdu> {
    return ResponseApdu.parse(await this.link.transmit(command.encode()));
  }

  private async expectOk(step: string, command: CommandApdu): Promise<ResponseApdu> {
    const r = await this.send(command);
    if (r.sw !== StatusWord.OK) throw new CardStatusError(step, r.sw);
    return r;
  }

  /** SELECT the JPKI AP (`00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01`). */
  async selectApplication(aid: Uint8Array = Aid.JPKI): Promise<void> {
    await this.expectOk("SELECT AP", CommandApdu.of({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: aid }));
  }

  /** SELECT EF by FID (`00 A4 02 0C 02 <FID>`). */
  async selectFile(fid: number): Promise<void> {
    await this.expectOk(`SELECT EF ${fid.toString(16).padStart(4, "0")}`, CommandApdu.of({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) }));
  }

  /** READ BINARY of `length` bytes at `offset` from the selected EF. */
  async readBinary(offset: number, length: number): Promise<Uint8Array> {
    const r = await this.expectOk(`READ BINARY @${offset}`, CommandApdu.of({ cla: 0, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, ne: length }));
    return r.data;
  }

  /** Reads a DER object (certificate) from EF `fid`: 4-byte header first, then chunks. */
  async readDerFile(fid: number): Promise<Uint8Array> {
    await this.selectFile(fid);
    const head = await this.readBinary(0, 4);
    if (head.length < 4 || head[0] !== 0x30 || head[1] !== 0x82) throw new Error(`EF ${fid.toString(16)} does not start with a DER SEQUENCE (30 82 LL LL)`);
    const total = (((head[2] as number) << 8) | (head[3] as number)) + 4;
    const out = new Uint8Array(total);
    let offset = 0;
    while (offset < total) {
      const chunk = await this.readBinary(offset, Math.min(this.chunkSize, total - offset));
      if (chunk.length === 0) throw new Error(`EF ${fid.toString(16)} read stopped at ${offset} of ${total} bytes`);
      out.set(chunk.subarray(0, total - offset), offset);
      offset += chunk.length;
    }
    return out;
  }

  /** The user-authentication certificate (EF `000A`). */
  readAuthCertificate(): Promise<Uint8Array> {
    return this.readDerFile(JpkiFile.AUTH_CERT);
  }

  /** The signing certificate (EF `0001`; the signing password must be verified). */
  readSignCertificate(): Promise<Uint8Array> {
    return this.readDerFile(JpkiFile.SIGN_CERT);
  }

  /**
   * EF `0008` of the selected JPKI AP: 3 bytes, `8F 8F 00` with both certificates, `00 8F 00` without the signing one
   * (soltia48/myna-card `CertificateAvailability`: free to read, so a host can tell before asking for the password).
   */
  async readCertificateAvailability(): Promise<CertificateAvailability> {
    await this.selectFile(JpkiFile.CERTS_PRESENT);
    const raw = await this.readBinary(0, 3);
    if (raw.length !== 3) throw new Error(`EF 0008 is ${raw.length} bytes, not 3`);
    return { sign: raw[0] === 0x8f, auth: raw[1] === 0x8f };
  }

  /** Tries left on a PIN EF, by the empty VERIFY that uses no try. */
  async triesLeft(pinFid: number): Promise<number> {
    await this.selectFile(pinFid);
    const r = await this.send(CommandApdu.of({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 }));
    const tries = triesLeftOf(r.sw);
    if (tries === undefined) throw new CardStatusError("VERIFY (counter)", r.sw);
    return tries;
  }

  /** VERIFY `pin` against PIN EF `pinFid` (`0018` auth, `001B` signing). */
  async verify(pinFid: number, pin: string): Promise<PinVerification> {
    await this.selectFile(pinFid);
    const r = await this.send(CommandApdu.of({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: new TextEncoder().encode(pin) }));
    if (r.sw === StatusWord.OK) return { verified: true };
    if (r.sw === StatusWord.REFERENCE_DATA_NOT_USABLE || r.sw === StatusWord.AUTHENTICATION_METHOD_BLOCKED) return { verified: false, triesLeft: 0, blocked: true };
    const tries = triesLeftOf(r.sw);
    if (tries === undefined) throw new CardStatusError("VERIFY", r.sw);
    return { verified: false, triesLeft: tries, blocked: tries === 0 };
  }

  /** COMPUTE DIGITAL SIGNATURE over `digestInfo` with key EF `keyFid` (`0017` auth, `001A` signing). */
  async sign(keyFid: number, digestInfo: Uint8Array): Promise<Uint8Array> {
    await this.selectFile(keyFid);
    const r = await this.expectOk("COMPUTE DIGITAL SIGNATURE", CommandApdu.of({ cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: digestInfo, ne: 256 }));
    return r.data;
  }

  /** Signs SHA-256(`data`) with the auth key, as for a login or a qualification challenge. */
  signWithAuthKey(data: Uint8Array): Promise<Uint8Array> {
    return this.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(data));
  }
}
