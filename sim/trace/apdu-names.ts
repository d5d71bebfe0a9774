import { toHex } from "../apdu/hex.ts";
import { Aid } from "../jpki/aids.ts";
import { CardFaceFile } from "../jpki/card-face-file.ts";
import { CardInfoFile } from "../jpki/card-info-file.ts";
import { JpkiFile } from "../jpki/jpki-file.ts";
import { SECRET_INSTRUCTIONS } from "./redaction.ts";

/** Application names by AID hex (docs/domain/card-apdus.md#applications). */
const APPLICATIONS = new Map<string, keyof typeof Aid>(Object.entries(Aid).map(([name, aid]) => [toHex(aid), name as keyof typeof Aid]));

/** EF names per application (docs/domain/card-apdus.md#elementary-files, card-applications.md). */
const FILES: Readonly<Record<string, ReadonlyMap<number, string>>> = {
  JPKI: namesOf(JpkiFile),
  CARD_INFO: namesOf(CardInfoFile),
  CARD_FACE: namesOf(CardFaceFile),
};

function namesOf(files: Readonly<Record<string, number>>): ReadonlyMap<number, string> {
  return new Map(Object.entries(files).map(([name, fid]) => [fid, name]));
}

/**
 * Instructions whose answer (or command data) is random on every run: GET CHALLENGE, COMPUTE DIGITAL SIGNATURE
 * (the DigestInfo is the hash of a fresh challenge, the answer a signature), INTERNAL / GENERAL AUTHENTICATE.
 */
export const RANDOM_CONTENT_INSTRUCTIONS: ReadonlySet<number> = new Set([0x84, 0x2a, 0x88, 0x86, 0x87]);

/** Command data at most this long is shown as hex when it is neither secret nor random. */
const SHOWN_DATA_BYTES = 16;

/** What {@link ApduNamer.name} says about one command. */
export interface NamedCommand {
  /** e.g. `SELECT AID JPKI`, `READ BINARY 000A AUTH_CERT off 0 len 4`, `VERIFY 0018 AUTH_PIN <redacted 4 bytes>`. */
  readonly text: string;
  /** Whether the answer's data is random on every run (shown as a length only). */
  readonly randomAnswer: boolean;
  /** Whether the command reads the start of a file (its answer, a DER header, is stable and shown). */
  readonly readsFileStart: boolean;
}

/** Shape of a redacted command as recorded (`TraceEntry.redacted`). */
export interface RedactionMark {
  readonly at: number;
  readonly length: number;
}

/**
 * Names commands the way docs/domain/card-apdus.md describes them, following the selected application and EF the way
 * the card does (SELECT AID resets the EF; a reset or a new link resets both), so `READ BINARY` and `VERIFY` carry the
 * name of the file they act on. Names come from sim/jpki's AIDs and EF identifiers; unknown ones stay hex. Secret data
 * (already cut when recorded) is shown as `<redacted N bytes>`, random data as `<N bytes>`.
 */
export class ApduNamer {
  private application: string | undefined;
  private file: number | undefined;

  /** Forgets the selected application and EF (a reset, a power cycle, another link). */
  reset(): void {
    this.application = undefined;
    this.file = undefined;
  }

  /** The name of `command` (recorded bytes, `redacted` where secret data was cut). */
  name(command: Uint8Array, redacted?: RedactionMark): NamedCommand {
    const plain = { randomAnswer: false, readsFileStart: false };
    if (command.length < 4) return { ...plain, text: `MALFORMED ${toHex(command, " ")}` };
    const [cla, ins, p1, p2] = [command[0] as number, command[1] as number, command[2] as number, command[3] as number];
    const body = parseBody(command, redacted);
    if (ins === 0xa4) return { ...plain, text: this.select(p1, p2, body.data) };
    if (ins === 0xb0) {
      const sfi = (p1 & 0x80) !== 0 ? p1 & 0x1f : undefined;
      const offset = sfi !== undefined ? p2 : (p1 << 8) | p2;
      const file = sfi !== undefined ? `SFI ${this.fileName(sfi)}` : this.currentFile();
      return { randomAnswer: false, readsFileStart: offset === 0, text: `READ BINARY ${file} off ${offset} len ${body.le ?? "none"}` };
    }
    if (SECRET_INSTRUCTIONS.has(ins)) return { ...plain, text: this.secret(ins, p1, p2, body) };
    if (ins === 0x2a) {
      const key = (p2 & 0x80) !== 0 && (p2 & 0x1f) !== 0 ? `SFI ${this.fileName(p2 & 0x1f)}` : this.currentFile();
      return { randomAnswer: true, readsFileStart: false, text: `COMPUTE DIGITAL SIGNATURE ${key} ${placeholder(body.dataLength, "DigestInfo")}${leText(body.le)}` };
    }
    if (ins === 0x84) return { randomAnswer: true, readsFileStart: false, text: `GET CHALLENGE${leText(body.le)}` };
    if (ins === 0x88) return { randomAnswer: true, readsFileStart: false, text: `INTERNAL AUTHENTICATE ${placeholder(body.dataLength, "challenge")}${leText(body.le)}` };
    if (ins === 0xfc && cla === 0x80) return { ...plain, text: `80 FC last-command P1P2 ${hex2(p1)}${hex2(p2)}` };
    if (ins === 0xca) return { ...plain, text: `GET DATA ${hex2(p1)}${hex2(p2)}${leText(body.le)}` };
    const random = RANDOM_CONTENT_INSTRUCTIONS.has(ins);
    const data = body.dataLength === 0 ? "" : random || body.dataLength > SHOWN_DATA_BYTES ? ` ${placeholder(body.dataLength, "data")}` : ` data ${toHex(body.data, " ")}`;
    return { randomAnswer: random, readsFileStart: false, text: `CMD ${hex2(cla)} ${hex2(ins)} ${hex2(p1)} ${hex2(p2)}${data}${leText(body.le)}` };
  }

  private select(p1: number, p2: number, data: Uint8Array): string {
    const options = p2 === 0x0c ? "" : ` [P2 ${hex2(p2)}]`;
    if (p1 === 0x04) {
      const name = APPLICATIONS.get(toHex(data));
      this.application = name ?? `AID ${toHex(data)}`;
      this.file = undefined;
      return `SELECT AID ${name ?? toHex(data, " ")}${options}`;
    }
    if (p1 === 0x02 && data.length === 2) {
      this.file = ((data[0] as number) << 8) | (data[1] as number);
      return `SELECT EF ${this.fileName(this.file)}${options}`;
    }
    if (p1 === 0x00 && data.length === 0) {
      this.reset();
      return `SELECT MF${options}`;
    }
    return `SELECT P1 ${hex2(p1)} ${data.length > 0 ? toHex(data, " ") : "no data"}${options}`;
  }

  private secret(ins: number, p1: number, p2: number, body: Body): string {
    const name = ins === 0x20 || ins === 0x21 ? "VERIFY" : ins === 0x2c ? "RESET RETRY COUNTER" : "CHANGE REFERENCE DATA";
    const target = (p2 & 0x80) !== 0 && (p2 & 0x1f) !== 0 ? `SFI ${this.fileName(p2 & 0x1f)}` : this.currentFile();
    const p1Text = p1 === 0 ? "" : ` P1 ${hex2(p1)}`;
    if (body.redacted) return `${name} ${target}${p1Text} <redacted ${body.redacted.length} bytes>`;
    // No data: VERIFY asking for the tries left (docs/domain/card-apdus.md#verify). Secret data never shows.
    if (body.dataLength === 0) return `${name} ${target}${p1Text} (no data)`;
    return `${name} ${target}${p1Text} <redacted ${body.dataLength} bytes>`;
  }

  private currentFile(): string {
    return this.file === undefined ? "(no EF)" : this.fileName(this.file);
  }

  private fileName(fid: number): string {
    const id = fid.toString(16).toUpperCase().padStart(4, "0");
    const name = this.application === undefined ? undefined : FILES[this.application]?.get(fid);
    return name === undefined ? id : `${id} ${name}`;
  }
}

interface Body {
  data: Uint8Array;
  dataLength: number;
  le: number | undefined;
  redacted: RedactionMark | undefined;
}

/** Data and Le of a recorded command, without throwing on malformed length fields (they show as data). */
function parseBody(command: Uint8Array, redacted: RedactionMark | undefined): Body {
  const n = command.length;
  if (redacted) return { data: new Uint8Array(0), dataLength: redacted.length, le: undefined, redacted };
  if (n === 4) return { data: new Uint8Array(0), dataLength: 0, le: undefined, redacted: undefined };
  const b4 = command[4] as number;
  if (n === 5) return { data: new Uint8Array(0), dataLength: 0, le: b4 === 0 ? 256 : b4, redacted: undefined };
  if (b4 !== 0) {
    const data = command.subarray(5, Math.min(n, 5 + b4));
    const le = n === 6 + b4 ? (command[n - 1] === 0 ? 256 : (command[n - 1] as number)) : undefined;
    return { data, dataLength: data.length, le, redacted: undefined };
  }
  if (n === 7) {
    const ext = ((command[5] as number) << 8) | (command[6] as number);
    return { data: new Uint8Array(0), dataLength: 0, le: ext === 0 ? 65536 : ext, redacted: undefined };
  }
  const lc = n >= 7 ? ((command[5] as number) << 8) | (command[6] as number) : 0;
  const data = command.subarray(7, Math.min(n, 7 + lc));
  const le = n === 9 + lc ? (((command[n - 2] as number) << 8) | (command[n - 1] as number)) || 65536 : undefined;
  return { data, dataLength: data.length, le, redacted: undefined };
}

function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, "0");
}

function leText(le: number | undefined): string {
  return le === undefined ? "" : ` le ${le}`;
}

/** A length placeholder for content that differs on every run or is not worth a diff: `<DigestInfo 51 bytes>`. */
export function placeholder(length: number, what = ""): string {
  return `<${what.length > 0 ? `${what} ` : ""}${length} bytes>`;
}
