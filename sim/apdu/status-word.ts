/**
 * ISO 7816-4 status words used by the My Number Card and its phone tokens (docs/domain/card-apdus.md).
 * Values are the 16-bit SW1SW2.
 */
export const StatusWord = {
  /** 9000 normal processing. */
  OK: 0x9000,
  /** 6281 part of returned data may be corrupted. */
  DATA_MAY_BE_CORRUPTED: 0x6281,
  /** 6282 end of file reached before reading Le bytes. */
  END_OF_FILE: 0x6282,
  /** 63C0..63CF verification failed, X tries left (use {@link verifyFailed}). */
  VERIFY_FAILED_BASE: 0x63c0,
  /** 6581 memory failure. */
  MEMORY_FAILURE: 0x6581,
  /** 6700 wrong length. */
  WRONG_LENGTH: 0x6700,
  /** 6881 logical channel not supported. */
  LOGICAL_CHANNEL_NOT_SUPPORTED: 0x6881,
  /** 6882 secure messaging not supported. */
  SECURE_MESSAGING_NOT_SUPPORTED: 0x6882,
  /** 6884 command chaining not supported. */
  CHAINING_NOT_SUPPORTED: 0x6884,
  /** 6981 command incompatible with file structure. */
  INCOMPATIBLE_FILE_STRUCTURE: 0x6981,
  /** 6982 security status not satisfied. */
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  /** 6983 authentication method blocked (one public client expects this; the card answers 6984). */
  AUTHENTICATION_METHOD_BLOCKED: 0x6983,
  /** 6984 reference data not usable (blocked PIN). */
  REFERENCE_DATA_NOT_USABLE: 0x6984,
  /** 6985 conditions of use not satisfied. */
  CONDITIONS_NOT_SATISFIED: 0x6985,
  /** 6986 command not allowed (no current EF). */
  COMMAND_NOT_ALLOWED: 0x6986,
  /** 6A80 incorrect parameters in the data field. */
  WRONG_DATA: 0x6a80,
  /** 6A81 function not supported. */
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  /** 6A82 file or application not found. */
  FILE_NOT_FOUND: 0x6a82,
  /** 6A86 incorrect P1-P2. */
  INCORRECT_P1_P2: 0x6a86,
  /** 6A88 referenced data not found. */
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  /** 6B00 wrong parameters P1-P2 (offset outside the EF). */
  WRONG_P1_P2: 0x6b00,
  /** 6D00 instruction not supported. */
  INS_NOT_SUPPORTED: 0x6d00,
  /** 6E00 class not supported. */
  CLA_NOT_SUPPORTED: 0x6e00,
  /** 6F00 no precise diagnosis. */
  UNKNOWN: 0x6f00,
} as const;

/** A status word value as a number. */
export type StatusWordValue = number;

/** `63Cx`: verification failed with `triesLeft` (0–15) tries left. */
export function verifyFailed(triesLeft: number): StatusWordValue {
  return StatusWord.VERIFY_FAILED_BASE | Math.max(0, Math.min(15, triesLeft));
}

/** Tries left encoded in a `63Cx` status word, or `undefined` when `sw` is not one. */
export function triesLeftOf(sw: StatusWordValue): number | undefined {
  return (sw & 0xfff0) === StatusWord.VERIFY_FAILED_BASE ? sw & 0x0f : undefined;
}

const NAMES = new Map<number, string>(Object.entries(StatusWord).map(([name, value]) => [value, name]));

/** A readable description of a status word for traces and reports, e.g. `6982 SECURITY_STATUS_NOT_SATISFIED`. */
export function describeStatusWord(sw: StatusWordValue): string {
  const hex = sw.toString(16).toUpperCase().padStart(4, "0");
  const tries = triesLeftOf(sw);
  if (tries !== undefined) return `${hex} VERIFY_FAILED (${tries} tries left)`;
  if ((sw & 0xff00) === 0x6100) return `${hex} MORE_DATA (${sw & 0xff} bytes)`;
  if ((sw & 0xff00) === 0x6c00) return `${hex} WRONG_LE (exact length ${sw & 0xff})`;
  const name = NAMES.get(sw);
  return name ? `${hex} ${name}` : hex;
}
