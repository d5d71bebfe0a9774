
/** The least a host needs to talk to a device: one command APDU in, one response APDU out. */
export interface ApduChannel {
  /** Sends one command APDU and resolves with the response APDU (data + SW1 SW2). Rejects with a {@link TransportError}. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

/**
 * The host side of every device edge: bytes in, bytes out (apdu4j's BIBO).
 * Implemented by every carrier (in-process, ws, PC/SC, in `sim/transport`) and by every middleware that wraps one
 * (trace, fault injection…). It lives here, beside `ApduDevice`, so host-side protocol code (`sim/jpki`) can use it
 * without importing a carrier.
 */
export interface Transceiver extends ApduChannel {
  /** Short description of the link for traces and reports, e.g. `pcsc:Virtual PCD 00 00`. */
  readonly description: string;
  /** The ATR of the connected device. */
  atr(): Promise<Uint8Array>;
  /** Warm reset of the device; resolves with its ATR. The device loses its security status. */
  reset(): Promise<Uint8Array>;
  /** Releases the link. Further calls reject. */
  close(): Promise<void>;
}

/** Why a transmit failed at the transport level (not an APDU-level status word). */
export type TransportErrorCode = "removed" | "closed" | "timeout" | "protocol" | "unavailable" | "io";

/** A failure of the link itself: device removed, socket closed, time-out, broken framing. */
export class TransportError extends Error {
  /** Machine-readable cause. */
  readonly code: TransportErrorCode;

  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransportError";
    this.code = code;
  }
}
