import { type ApduChannel, toHex } from "../../../sim/apdu/index.ts";

/** One exchange as a transcript records it: the command (VERIFY data masked) and the status word, in hex. */
export interface Exchange {
  command: string;
  sw: string;
  /** Number of response data bytes. */
  length: number;
}

/**
 * Wraps a link and records every exchange, with the secret of a VERIFY / CHANGE REFERENCE DATA replaced by `<secret>`
 * (so a failing transcript never prints a PIN).
 */
export class TranscriptChannel implements ApduChannel {
  readonly exchanges: Exchange[] = [];
  constructor(private readonly link: ApduChannel) {}

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const response = await this.link.transmit(command);
    const sw = toHex(response.subarray(response.length - 2));
    this.exchanges.push({ command: masked(command), sw, length: response.length - 2 });
    return response;
  }

  /** The commands sent so far. */
  get commands(): string[] {
    return this.exchanges.map((e) => e.command);
  }

  /** Forgets what was recorded. */
  clear(): void {
    this.exchanges.length = 0;
  }
}

function masked(command: Uint8Array): string {
  const ins = command[1];
  if ((ins === 0x20 || ins === 0x24) && command.length > 5) return `${toHex(command.subarray(0, 5))}<secret>`;
  return toHex(command);
}

/** Hex of a number as `digits` hex digits (transcript helpers). */
export function hex(value: number, digits = 2): string {
  return value.toString(16).toUpperCase().padStart(digits, "0");
}

/** A SELECT by DF name, P2 `0C`. */
export function selectDfHex(aid: Uint8Array): string {
  return `00A4040C${hex(aid.length)}${toHex(aid)}`;
}

/** A SELECT EF by FID, P2 `0C`. */
export function selectEfHex(fid: number): string {
  return `00A4020C02${hex(fid, 4)}`;
}

/**
 * The READ BINARY commands a client sends to read `size` bytes from `from` in chunks of at most 256 with Le `00` for a
 * full chunk (jpki/myna Go and Rust, jpki-rs, myna-card all do this), assuming the card answers every chunk in full.
 */
export function chunkedReads(from: number, size: number): string[] {
  const out: string[] = [];
  for (let pos = from; pos < from + size; ) {
    const left = from + size - pos;
    const le = left > 0xff ? 0 : left;
    out.push(`00B0${hex(pos, 4)}${hex(le)}`);
    pos += le === 0 ? 256 : le;
  }
  return out;
}
