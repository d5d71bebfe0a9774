/**
 * Status words of the My Number Card that sim/apdu's ISO set does not name (docs/domain/card-applications.md
 * "SELECT MF, logout, 69FC, blocked-PIN status words").
 */
export const CardStatusWord = {
  /** `69FC`: READ BINARY or VERIFY with a secure-messaging class byte (`08`, `0C`) and no session (myna-card README). */
  SECURE_MESSAGING_REFUSED: 0x69fc,
} as const;
