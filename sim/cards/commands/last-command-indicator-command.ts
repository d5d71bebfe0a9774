import { ResponseApdu, StatusWord } from "../../apdu/index.ts";

/** `CLA << 8 | INS` of the last-command indicator `80 FC 00 00`, the key for `SmartCardChipOptions.extraCommands`. */
export const LAST_COMMAND_INDICATOR = 0x80fc;

/**
 * `80 FC 00 00`, the iPhone JPKI token's last-command indicator, as a physical card and an Android phone answer it:
 * `6700` (myna-card `src/card.rs` `ins::LAST_COMMAND_INDICATOR`: "the physical cards examined reject the exact
 * four-byte command with 6700"; the Android answer is modelled on the card's). One definition for both.
 */
export function lastCommandIndicatorRefused(): Uint8Array {
  return ResponseApdu.statusBytes(StatusWord.WRONG_LENGTH);
}
