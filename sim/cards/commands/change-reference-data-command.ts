import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";

const { OK, COMMAND_NOT_ALLOWED, INCORRECT_P1_P2, REFERENCE_DATA_NOT_USABLE, SECURITY_STATUS_NOT_SATISFIED, WRONG_DATA, WRONG_LENGTH } =
  StatusWord;

/**
 * CHANGE REFERENCE DATA (`00 24 01 80 Lc <new>`): replaces the selected PIN after it was verified in this session.
 * Not verified → `6982`; blocked → `6984`; a new value outside the PIN's format → `6A80`.
 */
export function changeReferenceDataCommand(command: CommandApdu, session: CardSession): Uint8Array {
  if (command.p1 !== 0x01 || command.p2 !== 0x80) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  if (command.data.length === 0) return ResponseApdu.statusBytes(WRONG_LENGTH);
  const file = session.file;
  if (!file || file.kind !== "pin") return ResponseApdu.statusBytes(COMMAND_NOT_ALLOWED);
  if (file.counter.blocked) return ResponseApdu.statusBytes(REFERENCE_DATA_NOT_USABLE);
  if (!session.verified.has(file.fid)) return ResponseApdu.statusBytes(SECURITY_STATUS_NOT_SATISFIED);
  if (!file.counter.accepts(command.data)) return ResponseApdu.statusBytes(WRONG_DATA);
  file.counter.change(command.data);
  return ResponseApdu.statusBytes(OK);
}
