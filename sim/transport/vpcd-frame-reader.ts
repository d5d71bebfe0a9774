/**
 * vpcd framing (docs/domain/pcsc-vpcd.md): every message is a 2-byte big-endian length followed by that many payload bytes.
 * The same framing is used in both directions.
 */

/** Largest payload a 2-byte length can announce. */
export const VPCD_MAX_PAYLOAD = 0xffff;

/** Where the reader is in the byte stream. `discard` skips the payload of a frame that was refused as oversized. */
export type VpcdFrameReaderState = "length" | "payload" | "discard";

/** Callbacks of a {@link VpcdFrameReader}. */
export interface VpcdFrameReaderHandlers {
  /** One complete frame. `payload` may be empty (a zero-length frame) and is only valid during the call unless copied. */
  onFrame(payload: Uint8Array): void;
  /**
   * A frame announced more than `maxPayload` bytes. Its payload is skipped so the stream stays in step;
   * `declaredLength` is what the length field said.
   */
  onOversized?(declaredLength: number): void;
}

/** Options of a {@link VpcdFrameReader}. */
export interface VpcdFrameReaderOptions {
  /** Largest accepted payload (default {@link VPCD_MAX_PAYLOAD}, i.e. everything a 2-byte length can say). */
  maxPayload?: number;
}

/**
 * Encodes one vpcd frame: the 2-byte big-endian length, then `payload`.
 * Throws `RangeError` when the payload does not fit a 2-byte length.
 */
export function encodeVpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > VPCD_MAX_PAYLOAD) throw new RangeError(`vpcd payload too long: ${payload.length} bytes (max ${VPCD_MAX_PAYLOAD})`);
  const frame = new Uint8Array(2 + payload.length);
  frame[0] = payload.length >> 8;
  frame[1] = payload.length & 0xff;
  frame.set(payload, 2);
  return frame;
}

/**
 * Incremental decoder of vpcd frames over a byte stream, written as an explicit state machine (like ws's `Receiver`):
 * `length` waits for the 2 length bytes, `payload` for the announced payload, `discard` skips an oversized payload.
 * Chunks may split a frame anywhere or pack several frames together; the reader never throws on stream content.
 */
export class VpcdFrameReader {
  private readonly handlers: VpcdFrameReaderHandlers;
  private readonly maxPayload: number;
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private current: VpcdFrameReaderState = "length";
  /** Payload length announced by the frame being read (or discarded). */
  private expected = 0;

  constructor(handlers: VpcdFrameReaderHandlers, options?: VpcdFrameReaderOptions) {
    const max = options?.maxPayload ?? VPCD_MAX_PAYLOAD;
    if (!Number.isInteger(max) || max < 0 || max > VPCD_MAX_PAYLOAD) {
      throw new RangeError(`maxPayload must be 0..${VPCD_MAX_PAYLOAD}, got ${max}`);
    }
    this.handlers = handlers;
    this.maxPayload = max;
  }

  /** The current state of the machine. */
  get state(): VpcdFrameReaderState {
    return this.current;
  }

  /** Bytes received but not yet part of a delivered frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feeds bytes from the stream; calls the handlers for every frame they complete. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.run();
  }

  /** Forgets any partial frame (used when the stream is replaced, e.g. on reconnect). */
  reset(): void {
    this.chunks.length = 0;
    this.buffered = 0;
    this.current = "length";
    this.expected = 0;
  }

  private run(): void {
    for (;;) {
      switch (this.current) {
        case "length": {
          if (this.buffered < 2) return;
          const head = this.consume(2);
          this.expected = ((head[0] as number) << 8) | (head[1] as number);
          if (this.expected > this.maxPayload) {
            this.current = "discard";
            this.handlers.onOversized?.(this.expected);
          } else {
            this.current = "payload";
          }
          break;
        }
        case "payload": {
          if (this.buffered < this.expected) return;
          const payload = this.consume(this.expected);
          this.current = "length";
          this.handlers.onFrame(payload);
          break;
        }
        case "discard": {
          const n = Math.min(this.expected, this.buffered);
          this.skip(n);
          this.expected -= n;
          if (this.expected > 0) return;
          this.current = "length";
          break;
        }
      }
    }
  }

  /** Takes `n` buffered bytes (n ≤ buffered); a view when they lie in one chunk, a copy otherwise. */
  private consume(n: number): Uint8Array {
    this.buffered -= n;
    const first = this.chunks[0];
    if (n === 0 || first === undefined) return new Uint8Array(0);
    if (n === first.length) {
      this.chunks.shift();
      return first;
    }
    if (n < first.length) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0] as Uint8Array;
      const take = Math.min(chunk.length, n - filled);
      out.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
      filled += take;
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
    }
    return out;
  }

  /** Drops `n` buffered bytes (n ≤ buffered). */
  private skip(n: number): void {
    this.buffered -= n;
    let left = n;
    while (left > 0) {
      const chunk = this.chunks[0] as Uint8Array;
      if (chunk.length <= left) {
        left -= chunk.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = chunk.subarray(left);
        left = 0;
      }
    }
  }
}
