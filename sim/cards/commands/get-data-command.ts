import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";

const { OK, REFERENCED_DATA_NOT_FOUND, WRONG_LENGTH } = StatusWord;

/**
 * GET DATA (`00 CA <tag hi> <tag lo> Le`): the data object named by P1-P2, or `6A88` when the card has none by that tag
 * (myna-card `src/card.rs` `get_data`, `contact_atr`). Short and extended Le are both taken; an object longer than a
 * short Le answers `6700`, which myna-card retries with an extended Le.
 */
export function getDataCommand(command: CommandApdu, objects: ReadonlyMap<number, Uint8Array>): Uint8Array {
  if (command.data.length > 0 || command.ne === undefined) return ResponseApdu.statusBytes(WRONG_LENGTH);
  const value = objects.get((command.p1 << 8) | command.p2);
  if (value === undefined) return ResponseApdu.statusBytes(REFERENCED_DATA_NOT_FOUND);
  if (value.length > command.ne) return ResponseApdu.statusBytes(WRONG_LENGTH);
  return ResponseApdu.bytes(value, OK);
}
