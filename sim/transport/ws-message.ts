/**
 * The device-bus wire format: one binary WebSocket message per request or answer, no JSON on the hot path.
 *
 * ```
 * offset 0     type        1 byte   (table below)
 * offset 1..4  request id  uint32, big-endian; chosen by the client, echoed in the answer (0 = not attributable)
 * offset 5..   payload     the rest of the message
 * ```
 *
 * | request (client → server) | payload     | answer (server → client) | payload            |
 * |---------------------------|-------------|--------------------------|--------------------|
 * | `01` TRANSMIT             | C-APDU      | `81`                     | R-APDU (data + SW) |
 * | `02` RESET                | empty       | `82`                     | ATR                |
 * | `03` ATR                  | empty       | `83`                     | ATR                |
 * | `04` POWER_ON             | empty       | `84`                     | ATR                |
 * | `05` POWER_OFF            | empty       | `85`                     | empty              |
 * | anything unreadable       |             | `FF` ERROR               | code byte + UTF-8 message |
 *
 * An answer's type is the request's type with bit 7 set. ERROR code bytes: 1 removed, 2 closed, 3 timeout, 4 protocol,
 * 5 unavailable, 6 io (the {@link TransportErrorCode}s). The server answers requests in the order they arrive.
 */
import { TransportError, type TransportErrorCode } from "../apdu/index.ts";

/** Message types of the device bus. */
export const WsMessageType = {
  TRANSMIT: 0x01,
  RESET: 0x02,
  ATR: 0x03,
  POWER_ON: 0x04,
  POWER_OFF: 0x05,
  ERROR: 0xff,
} as const;

/** A request type of the device bus. */
export type WsRequestType = (typeof WsMessageType)[Exclude<keyof typeof WsMessageType, "ERROR">];

/** Bit set in the type of an answer. */
export const WS_ANSWER_FLAG = 0x80;

/** Bytes before the payload: type and request id. */
export const WS_HEADER_LENGTH = 5;

/** One decoded device-bus message. `payload` is a view into the received bytes. */
export interface WsMessage {
  readonly type: number;
  readonly id: number;
  readonly payload: Uint8Array;
}

const ERROR_CODES: readonly TransportErrorCode[] = ["removed", "closed", "timeout", "protocol", "unavailable", "io"];

/** Encodes a message; `id` must be a uint32. Returns a Node `Buffer` (a `Uint8Array`) so `ws` sends it without copying. */
export function encodeWsMessage(type: number, id: number, payload?: Uint8Array): Buffer {
  const n = payload?.length ?? 0;
  const out = Buffer.allocUnsafe(WS_HEADER_LENGTH + n);
  out[0] = type;
  out.writeUInt32BE(id >>> 0, 1);
  if (payload && n > 0) out.set(payload, WS_HEADER_LENGTH);
  return out;
}

/** Decodes a message; throws `TransportError("protocol")` when it is shorter than the header. */
export function decodeWsMessage(bytes: Uint8Array): WsMessage {
  if (bytes.length < WS_HEADER_LENGTH) {
    throw new TransportError("protocol", `device-bus message too short: ${bytes.length} bytes (header is ${WS_HEADER_LENGTH})`);
  }
  const id = (((bytes[1] as number) << 24) | ((bytes[2] as number) << 16) | ((bytes[3] as number) << 8) | (bytes[4] as number)) >>> 0;
  // A plain Uint8Array view (no copy), whatever the input's class (Buffer#subarray would give a Buffer).
  const payload = new Uint8Array(bytes.buffer, bytes.byteOffset + WS_HEADER_LENGTH, bytes.length - WS_HEADER_LENGTH);
  return { type: bytes[0] as number, id, payload };
}

/** Encodes an ERROR answer to request `id`. */
export function encodeWsError(id: number, code: TransportErrorCode, message: string): Buffer {
  const text = Buffer.from(message, "utf8");
  const payload = Buffer.allocUnsafe(1 + text.length);
  payload[0] = ERROR_CODES.indexOf(code) + 1;
  payload.set(text, 1);
  return encodeWsMessage(WsMessageType.ERROR, id, payload);
}

/** Turns the payload of an ERROR answer into a {@link TransportError} (unknown codes read as `protocol`). */
export function decodeWsError(payload: Uint8Array): TransportError {
  const code = ERROR_CODES[(payload[0] ?? 0) - 1] ?? "protocol";
  const text = payload.subarray(1);
  const message = Buffer.from(text.buffer, text.byteOffset, text.length).toString("utf8");
  return new TransportError(code, `device bus: ${message}`);
}
