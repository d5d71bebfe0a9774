import { CommandApdu } from "../apdu/command-apdu.ts";

/**
 * Instructions whose command data is a secret (a PIN or password):
 * VERIFY `20`/`21`, CHANGE REFERENCE DATA `24`/`25` and RESET RETRY COUNTER `2C` (which carries a PUK and a new PIN).
 * The brief names `20` and `24`; the odd-INS variants and `2C` carry the same kind of data, so they are redacted too.
 */
export const SECRET_INSTRUCTIONS: ReadonlySet<number> = new Set([0x20, 0x21, 0x24, 0x25, 0x2c]);

/** A command with its secret data cut out. */
export interface RedactedCommand {
  /** The bytes to record: header, Lc and Le kept, the data field removed. */
  readonly bytes: Uint8Array;
  /** Where the data was cut and how long it was; absent when nothing was removed. */
  readonly redacted?: { readonly at: number; readonly length: number };
}

/**
 * Removes the data field of a command whose INS is in `secretInstructions` (any CLA). The result keeps the header,
 * Lc and Le, so a trace still shows the command's shape and the PIN length (`<redacted 4 bytes>`) but never the PIN.
 * A malformed secret command keeps only its first 5 bytes (header and P3). Other commands are returned as they are.
 */
export function redactCommand(command: Uint8Array, secretInstructions: ReadonlySet<number> = SECRET_INSTRUCTIONS): RedactedCommand {
  if (command.length <= 5 || !secretInstructions.has(command[1] as number)) return { bytes: command };
  let dataAt: number;
  let dataLength: number;
  try {
    const apdu = CommandApdu.parse(command);
    if (apdu.data.length === 0) return { bytes: command };
    dataLength = apdu.data.length;
    dataAt = apdu.extended ? 7 : 5;
  } catch {
    dataAt = 5;
    dataLength = command.length - 5;
  }
  const bytes = new Uint8Array(command.length - dataLength);
  bytes.set(command.subarray(0, dataAt));
  bytes.set(command.subarray(dataAt + dataLength), dataAt);
  return { bytes, redacted: { at: dataAt, length: dataLength } };
}
