import { TransportError, type TransportErrorCode } from "../apdu/index.ts";

/**
 * PC/SC failures by the message the `smartcard` binding gives them (it rejects with plain `Error`s carrying
 * pcsc-lite's text), and by SCARD_* code where an error object has one.
 */
const BY_MESSAGE: ReadonlyArray<readonly [RegExp, TransportErrorCode]> = [
  [/card was removed|no smart card present/i, "removed"],
  [/timed out|timeout/i, "timeout"],
  [/reader unavailable|unknown reader|no readers available|service not running|service stopped|sharing violation|context is not valid/i, "unavailable"],
  [/not connected|operation cancelled|invalid handle/i, "closed"],
];

const BY_CODE = new Map<number, TransportErrorCode>([
  [0x80100069, "removed"], // SCARD_W_REMOVED_CARD
  [0x8010000c, "removed"], // SCARD_E_NO_SMARTCARD
  [0x8010000a, "timeout"], // SCARD_E_TIMEOUT
  [0x80100017, "unavailable"], // SCARD_E_READER_UNAVAILABLE
  [0x80100009, "unavailable"], // SCARD_E_UNKNOWN_READER
  [0x8010002e, "unavailable"], // SCARD_E_NO_READERS_AVAILABLE
  [0x8010001d, "unavailable"], // SCARD_E_NO_SERVICE
  [0x8010001e, "unavailable"], // SCARD_E_SERVICE_STOPPED
  [0x8010000b, "unavailable"], // SCARD_E_SHARING_VIOLATION
  [0x80100002, "closed"], // SCARD_E_CANCELLED
  [0x80100003, "closed"], // SCARD_E_INVALID_HANDLE
]);

/** The {@link TransportErrorCode} of a PC/SC failure: `removed`, `timeout`, `unavailable`, `closed`, otherwise `io`. */
export function pcscErrorCode(error: unknown): TransportErrorCode {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === "number") {
    const mapped = BY_CODE.get(code >>> 0);
    if (mapped) return mapped;
  }
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, mapped] of BY_MESSAGE) if (pattern.test(message)) return mapped;
  return "io";
}

/** Wraps a PC/SC failure during `operation` (e.g. `transmit on Virtual PCD 00 00`) as a {@link TransportError}. */
export function pcscError(operation: string, error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(pcscErrorCode(error), `PC/SC ${operation}: ${message}`, { cause: error });
}
