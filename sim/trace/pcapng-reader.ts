import { LINKTYPE_ISO_14443 } from "./pcapng-writer.ts";
import { SECRET_INSTRUCTIONS } from "./redaction.ts";
import type { TraceEntry } from "./trace-entry.ts";

/** The link name given to entries read back from a pcapng file (the file does not name its link). */
export const PCAPNG_LINK = "pcapng";

const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 1;
const ENHANCED_PACKET = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Redacted secret bytes are written as `*` (sim/trace pcapng-writer). */
const REDACTED_BYTE = 0x2a;

/** A pcapng file this reader cannot read; the message says what is wrong and where. */
export class PcapngReadError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "PcapngReadError";
  }
}

/** Whether `bytes` start like a pcapng file (a section header block). */
export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) === SECTION_HEADER;
}

/**
 * Reads back the commands and responses of a pcapng file written by this project (`traceToPcapng`,
 * `TraceFileWriter`; docs/domain/traces.md): little-endian, one `LINKTYPE_ISO_14443` interface, each packet a 4-byte
 * pseudo-header (`FE` reader → card, `FF` card → reader) and an ISO 14443-4 I-block whose INF is the APDU. Redacted
 * secrets (written as `*`) come back as a redaction mark, never as bytes. Events (resets, ATRs) are not in the file.
 * Throws {@link PcapngReadError} on anything else (another link type, a truncated block, a big-endian section).
 */
export function readPcapngTrace(bytes: Uint8Array): TraceEntry[] {
  if (!isPcapng(bytes)) throw new PcapngReadError("not a pcapng file (no section header block at offset 0)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: TraceEntry[] = [];
  let firstUs: bigint | undefined;
  let linkType: number | undefined;
  let at = 0;
  while (at + 12 <= bytes.length) {
    const type = view.getUint32(at, true);
    const total = view.getUint32(at + 4, true);
    if (total < 12 || total % 4 !== 0 || at + total > bytes.length) throw new PcapngReadError(`block at byte ${at}: bad length ${total}`);
    if (type === SECTION_HEADER && view.getUint32(at + 8, true) !== BYTE_ORDER_MAGIC) throw new PcapngReadError(`block at byte ${at}: only little-endian sections are read`);
    if (type === INTERFACE_DESCRIPTION) linkType = view.getUint16(at + 8, true);
    if (type === ENHANCED_PACKET) {
      if (linkType !== LINKTYPE_ISO_14443) throw new PcapngReadError(`packet at byte ${at}: link type ${linkType ?? "missing"}, expected ${LINKTYPE_ISO_14443} (ISO 14443)`);
      const us = (BigInt(view.getUint32(at + 12, true)) << 32n) | BigInt(view.getUint32(at + 16, true));
      firstUs ??= us;
      const captured = view.getUint32(at + 20, true);
      if (28 + captured > total) throw new PcapngReadError(`packet at byte ${at}: captured length ${captured} exceeds the block`);
      const entry = packetEntry(bytes.subarray(at + 28, at + 28 + captured), entries.length + 1, Number(us - firstUs) / 1000, at);
      entries.push(entry);
    }
    at += total;
  }
  if (at !== bytes.length) throw new PcapngReadError(`truncated block at byte ${at}`);
  return entries;
}

function packetEntry(packet: Uint8Array, seq: number, time: number, at: number): TraceEntry {
  // Pseudo-header (4) + PCB (1) + INF + CRC (2).
  if (packet.length < 7 || packet[0] !== 0x00) throw new PcapngReadError(`packet at byte ${at}: not an ISO 14443 record of this project`);
  const event = packet[1];
  const apdu = packet.slice(5, packet.length - 2);
  if (event === 0xfe) return { seq, time, direction: "command", link: PCAPNG_LINK, ...redactedCommand(apdu) };
  if (event === 0xff) {
    const n = apdu.length;
    return { seq, time, direction: "response", link: PCAPNG_LINK, bytes: apdu, ...(n >= 2 ? { sw: ((apdu[n - 2] as number) << 8) | (apdu[n - 1] as number) } : {}) };
  }
  throw new PcapngReadError(`packet at byte ${at}: unknown direction byte ${event}`);
}

/** A secret command whose data is all `*` comes back as its header with a redaction mark (as `ApduTrace` records it). */
function redactedCommand(apdu: Uint8Array): { bytes: Uint8Array; redacted?: { at: number; length: number } } {
  if (apdu.length <= 5 || !SECRET_INSTRUCTIONS.has(apdu[1] as number)) return { bytes: apdu };
  const kept = apdu[4] === 0x00 && apdu.length >= 7 ? 7 : 5;
  const rest = apdu.subarray(kept);
  if (rest.length === 0 || !rest.every((b) => b === REDACTED_BYTE)) return { bytes: apdu };
  return { bytes: apdu.slice(0, kept), redacted: { at: kept, length: rest.length } };
}
