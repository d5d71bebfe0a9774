import { concatBytes } from "../apdu/tlv.ts";
import type { TraceEntry } from "./trace-entry.ts";
import { crcB } from "./crc-b.ts";

/** Link type `LINKTYPE_ISO_14443` (docs/domain/traces.md). */
export const LINKTYPE_ISO_14443 = 264;

/** How to open a trace in Wireshark, shipped with every trace file. */
export const WIRESHARK_HINT =
  'tshark -r TRACE.pcapng -d "iso14443.subdissector,iso7816" — in the Wireshark GUI: Decode As… ISO14443 payload → ISO 7816';

const EVENT_READER_TO_CARD = 0xfe;
const EVENT_CARD_TO_READER = 0xff;

function u32(view: DataView, at: number, v: number): void {
  view.setUint32(at, v, true);
}

function block(type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const total = 12 + padded;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  u32(view, 0, type);
  u32(view, 4, total);
  out.set(body, 8);
  u32(view, total - 4, total);
  return out;
}

function sectionHeader(): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  u32(view, 0, 0x1a2b3c4d);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setBigInt64(8, -1n, true);
  return block(0x0a0d0d0a, body);
}

function interfaceDescription(): Uint8Array {
  const body = new Uint8Array(8);
  const view = new DataView(body.buffer);
  view.setUint16(0, LINKTYPE_ISO_14443, true);
  u32(view, 4, 0);
  return block(1, body);
}

function enhancedPacket(timestampUs: bigint, data: Uint8Array): Uint8Array {
  const body = new Uint8Array(20 + ((data.length + 3) & ~3));
  const view = new DataView(body.buffer);
  u32(view, 0, 0);
  u32(view, 4, Number(timestampUs >> 32n));
  u32(view, 8, Number(timestampUs & 0xffffffffn));
  u32(view, 12, data.length);
  u32(view, 16, data.length);
  body.set(data, 20);
  return block(6, body);
}

/** The APDU as it goes on the air: redacted secret bytes are written as `*` (0x2A) so lengths stay consistent. */
function airBytes(entry: TraceEntry): Uint8Array {
  const r = entry.redacted;
  if (!r) return entry.bytes;
  const out = new Uint8Array(entry.bytes.length + r.length);
  out.set(entry.bytes.subarray(0, r.at));
  out.fill(0x2a, r.at, r.at + r.length);
  out.set(entry.bytes.subarray(r.at), r.at + r.length);
  return out;
}

/** One record: pseudo-header (version, event, length) + ISO 14443-4 I-block (PCB, INF = APDU, CRC_B). */
function record(event: number, blockNumber: number, apdu: Uint8Array): Uint8Array {
  const frame = new Uint8Array(1 + apdu.length + 2);
  frame[0] = 0x02 | blockNumber;
  frame.set(apdu, 1);
  const crc = crcB(frame.subarray(0, 1 + apdu.length));
  frame[1 + apdu.length] = crc & 0xff;
  frame[2 + apdu.length] = crc >> 8;
  const out = new Uint8Array(4 + frame.length);
  out[0] = 0x00;
  out[1] = event;
  out[2] = frame.length >> 8;
  out[3] = frame.length & 0xff;
  out.set(frame, 4);
  return out;
}

/** The start of every pcapng file this module writes: a section header and one `LINKTYPE_ISO_14443` interface. */
export function pcapngFileHeader(): Uint8Array {
  return concatBytes(sectionHeader(), interfaceDescription());
}

/**
 * Turns trace entries into pcapng packets one at a time, keeping the I-block number that alternates per exchange, so
 * a trace can be streamed to disk as it is recorded ({@link TraceFileWriter}) with the same bytes
 * {@link traceToPcapng} writes at once.
 */
export class PcapngPacketEncoder {
  private readonly startedAt: number;
  private blockNumber = 0;

  /** @param startedAt - wall-clock start of the trace in ms since the epoch (entry times are relative to it) */
  constructor(startedAt: number) {
    this.startedAt = startedAt;
  }

  /** The enhanced packet block of a command or response; undefined for an event (reset, ATR), which is not written. */
  encode(entry: TraceEntry): Uint8Array | undefined {
    if (entry.direction === "event") return undefined;
    const us = BigInt(Math.round((this.startedAt + entry.time) * 1000));
    const isCommand = entry.direction === "command";
    const packet = enhancedPacket(us, record(isCommand ? EVENT_READER_TO_CARD : EVENT_CARD_TO_READER, this.blockNumber, airBytes(entry)));
    if (!isCommand) this.blockNumber ^= 1;
    return packet;
  }
}

/**
 * Writes the commands and responses of a trace as a pcapng file Wireshark reads (`LINKTYPE_ISO_14443`): each APDU
 * inside an ISO 14443-4 I-block with alternating block numbers and a CRC_B, as a contactless reader would send it.
 * Secrets stay redacted (written as `*`). Events (reset, ATR) are not written.
 *
 * @param startedAt - wall-clock start of the trace in ms since the epoch (entry times are relative to it)
 */
export function traceToPcapng(entries: readonly TraceEntry[], startedAt: number): Uint8Array {
  const encoder = new PcapngPacketEncoder(startedAt);
  const blocks: Uint8Array[] = [pcapngFileHeader()];
  for (const entry of entries) {
    const packet = encoder.encode(entry);
    if (packet) blocks.push(packet);
  }
  return concatBytes(...blocks);
}
