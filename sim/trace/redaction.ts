/**
 * Instructions whose command data is a secret (a PIN or password):
 * VERIFY `20`/`21`, CHANGE REFERENCE DATA `24`/`25` and RESET RETRY COUNTER `2C` (which carries a PUK and a new PIN).
 * The brief names `20` and `24`; the odd-INS variants and `2C` carry the same kind of data, so they are redacted too.
 */
export const SECRET_INSTRUCTIONS: ReadonlySet<number> = new Set([0x20, 0x21, 0x24, 0x25, 0x2c]);

/** A command with its secret data cut out. */
export interface RedactedCommand {
  /** The bytes to record: the header (CLA INS P1 P2, so the PIN reference in P2 stays visible) and the length field. */
  readonly bytes: Uint8Array;
  /** Where the bytes were cut and how many; absent when nothing was removed. */
  readonly redacted?: { readonly at: number; readonly length: number };
}

/**
 * Redacts a command whose INS is in `secretInstructions` (any CLA, any P1/P2) by instruction, not by its length
 * fields: everything after the header and the length field is cut — data and any Le alike — whatever Lc says. A
 * malformed VERIFY (Lc=3 followed by four digits) would otherwise parse as 3 data bytes plus an Le that is the last
 * PIN digit. The length field is P3 (1 byte), or `00` plus 2 bytes for an extended length. A trace still shows the
 * command's shape and the secret's length (`<redacted 4 bytes>`), never a digit of it. Other commands, and secret
 * commands of 5 bytes or fewer (no data, e.g. VERIFY asking for the tries left), are returned as they are.
 */
export function redactCommand(command: Uint8Array, secretInstructions: ReadonlySet<number> = SECRET_INSTRUCTIONS): RedactedCommand {
  if (command.length <= 5 || !secretInstructions.has(command[1] as number)) return { bytes: command };
  const kept = command[4] === 0x00 && command.length >= 7 ? 7 : 5;
  if (command.length <= kept) return { bytes: command };
  return { bytes: command.slice(0, kept), redacted: { at: kept, length: command.length - kept } };
}
