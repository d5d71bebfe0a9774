import { describeStatusWord, type StatusWordValue, StatusWord } from "./status-word.ts";

const EMPTY = new Uint8Array(0);

/** An ISO 7816-4 response APDU: optional data followed by SW1 SW2. */
export class ResponseApdu {
  /** Response data (may be empty). */
  readonly data: Uint8Array;
  /** The status word SW1SW2 as a 16-bit number. */
  readonly sw: StatusWordValue;

  constructor(data: Uint8Array, sw: StatusWordValue) {
    if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) throw new RangeError(`status word must be 16 bits, got ${sw}`);
    this.data = data;
    this.sw = sw;
  }

  /** A response with no data. */
  static status(sw: StatusWordValue): ResponseApdu {
    return new ResponseApdu(EMPTY, sw);
  }

  /** Encodes `data` + `sw` directly to bytes (the hot path of a device). */
  static bytes(data: Uint8Array, sw: StatusWordValue): Uint8Array {
    const out = new Uint8Array(data.length + 2);
    out.set(data);
    out[data.length] = sw >> 8;
    out[data.length + 1] = sw & 0xff;
    return out;
  }

  /** A bare status word as response bytes. */
  static statusBytes(sw: StatusWordValue): Uint8Array {
    return Uint8Array.of(sw >> 8, sw & 0xff);
  }

  /** Parses response bytes; throws `RangeError` when fewer than the two status bytes are present. */
  static parse(bytes: Uint8Array): ResponseApdu {
    if (bytes.length < 2) throw new RangeError(`response APDU needs at least 2 bytes, got ${bytes.length}`);
    const n = bytes.length;
    return new ResponseApdu(bytes.subarray(0, n - 2), ((bytes[n - 2] as number) << 8) | (bytes[n - 1] as number));
  }

  /** SW1. */
  get sw1(): number {
    return this.sw >> 8;
  }

  /** SW2. */
  get sw2(): number {
    return this.sw & 0xff;
  }

  /** True for `9000`. */
  get ok(): boolean {
    return this.sw === StatusWord.OK;
  }

  /** Data followed by SW1 SW2. */
  encode(): Uint8Array {
    return ResponseApdu.bytes(this.data, this.sw);
  }

  /** Readable form for logs, e.g. `256 bytes + 9000 OK`. */
  toString(): string {
    return `${this.data.length} bytes + ${describeStatusWord(this.sw)}`;
  }
}
