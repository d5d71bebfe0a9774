import { ApduFormatError } from "./apdu-format-error.ts";
import { StatusWord } from "./status-word.ts";

/** ISO 7816-4 command case: 1 no data, no Le; 2 Le only; 3 data only; 4 data and Le. */
export type ApduCase = 1 | 2 | 3 | 4;

/** The fields of a command APDU, as given to {@link CommandApdu.of}. */
export interface CommandApduFields {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc is its length); empty or absent for cases 1 and 2. */
  data?: Uint8Array;
  /** Ne, the maximum number of response bytes expected (1–65536); absent for cases 1 and 3. */
  ne?: number;
  /** Force extended length encoding even when short would do. */
  extended?: boolean;
}

const EMPTY = new Uint8Array(0);

/**
 * An ISO 7816-4 command APDU, cases 1–4, short and extended length (§5.1).
 * Parsing never accepts trailing or missing bytes: malformed input raises {@link ApduFormatError}
 * carrying `6700` (wrong length), which a card turns into its answer.
 */
export class CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data; length 0 when absent. */
  readonly data: Uint8Array;
  /** Ne (1–65536), or `undefined` when the command has no Le field. */
  readonly ne: number | undefined;
  /** Whether the command is (or will be) encoded with extended length fields. */
  readonly extended: boolean;

  private constructor(cla: number, ins: number, p1: number, p2: number, data: Uint8Array, ne: number | undefined, extended: boolean) {
    this.cla = cla;
    this.ins = ins;
    this.p1 = p1;
    this.p2 = p2;
    this.data = data;
    this.ne = ne;
    this.extended = extended;
  }

  /** The command case, derived from the presence of data and Le. */
  get case(): ApduCase {
    if (this.data.length === 0) return this.ne === undefined ? 1 : 2;
    return this.ne === undefined ? 3 : 4;
  }

  /** Builds a command from its fields, choosing short or extended encoding; throws `RangeError` on out-of-range fields. */
  static of(fields: CommandApduFields): CommandApdu {
    for (const key of ["cla", "ins", "p1", "p2"] as const) {
      const v = fields[key];
      if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`${key} must be a byte, got ${v}`);
    }
    const data = fields.data ?? EMPTY;
    if (data.length > 65535) throw new RangeError(`command data too long: ${data.length} bytes (max 65535)`);
    const ne = fields.ne;
    if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > 65536)) throw new RangeError(`ne must be 1..65536, got ${ne}`);
    const extended = fields.extended === true || data.length > 255 || (ne !== undefined && ne > 256);
    return new CommandApdu(fields.cla, fields.ins, fields.p1, fields.p2, data, ne, extended);
  }

  /** Parses command APDU bytes; throws {@link ApduFormatError} (`6700`) when the length fields do not match the bytes. */
  static parse(bytes: Uint8Array): CommandApdu {
    const n = bytes.length;
    if (n < 4) throw new ApduFormatError(StatusWord.WRONG_LENGTH, `command APDU too short: ${n} bytes`);
    const cla = bytes[0] as number;
    const ins = bytes[1] as number;
    const p1 = bytes[2] as number;
    const p2 = bytes[3] as number;
    if (n === 4) return new CommandApdu(cla, ins, p1, p2, EMPTY, undefined, false);
    const b4 = bytes[4] as number;
    if (n === 5) return new CommandApdu(cla, ins, p1, p2, EMPTY, b4 === 0 ? 256 : b4, false);
    if (b4 !== 0) {
      // Short Lc.
      const lc = b4;
      if (n === 5 + lc) return new CommandApdu(cla, ins, p1, p2, bytes.slice(5, 5 + lc), undefined, false);
      if (n === 6 + lc) {
        const le = bytes[5 + lc] as number;
        return new CommandApdu(cla, ins, p1, p2, bytes.slice(5, 5 + lc), le === 0 ? 256 : le, false);
      }
      throw new ApduFormatError(StatusWord.WRONG_LENGTH, `short Lc ${lc} does not match ${n} command bytes`);
    }
    // Extended: 00 followed by two length bytes.
    if (n < 7) throw new ApduFormatError(StatusWord.WRONG_LENGTH, `extended length field truncated (${n} bytes)`);
    const ext = ((bytes[5] as number) << 8) | (bytes[6] as number);
    if (n === 7) return new CommandApdu(cla, ins, p1, p2, EMPTY, ext === 0 ? 65536 : ext, true);
    const lc = ext;
    if (lc === 0) throw new ApduFormatError(StatusWord.WRONG_LENGTH, "extended Lc of 0 with trailing bytes");
    if (n === 7 + lc) return new CommandApdu(cla, ins, p1, p2, bytes.slice(7, 7 + lc), undefined, true);
    if (n === 9 + lc) {
      const le = ((bytes[7 + lc] as number) << 8) | (bytes[8 + lc] as number);
      return new CommandApdu(cla, ins, p1, p2, bytes.slice(7, 7 + lc), le === 0 ? 65536 : le, true);
    }
    throw new ApduFormatError(StatusWord.WRONG_LENGTH, `extended Lc ${lc} does not match ${n} command bytes`);
  }

  /** Encodes the command in its short or extended form. */
  encode(): Uint8Array {
    const lc = this.data.length;
    const ne = this.ne;
    if (!this.extended) {
      const out = new Uint8Array(4 + (lc > 0 ? 1 + lc : 0) + (ne !== undefined ? 1 : 0));
      out.set([this.cla, this.ins, this.p1, this.p2]);
      let i = 4;
      if (lc > 0) {
        out[i++] = lc;
        out.set(this.data, i);
        i += lc;
      }
      if (ne !== undefined) out[i] = ne === 256 ? 0 : ne;
      return out;
    }
    const out = new Uint8Array(4 + (lc > 0 ? 3 + lc : 0) + (ne !== undefined ? (lc > 0 ? 2 : 3) : 0));
    out.set([this.cla, this.ins, this.p1, this.p2]);
    let i = 4;
    if (lc > 0) {
      out[i++] = 0;
      out[i++] = lc >> 8;
      out[i++] = lc & 0xff;
      out.set(this.data, i);
      i += lc;
    } else if (ne !== undefined) {
      out[i++] = 0;
    }
    if (ne !== undefined) {
      const le = ne === 65536 ? 0 : ne;
      out[i++] = le >> 8;
      out[i] = le & 0xff;
    }
    return out;
  }
}
