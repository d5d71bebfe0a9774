import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";

const { OK, COMMAND_NOT_ALLOWED, INCOMPATIBLE_FILE_STRUCTURE, INCORRECT_P1_P2, SECURITY_STATUS_NOT_SATISFIED, WRONG_LENGTH, WRONG_P1_P2 } =
  StatusWord;

/**
 * READ BINARY (`00 B0 <offset hi> <offset lo> Le`) on the selected transparent EF.
 * An offset at or past the end answers `6B00`. A read running past the end returns the bytes up to the end with `9000`
 * (modelled: real cards differ; clients here size certificates from the DER header and never ask past the end).
 * Short-EF-identifier addressing (P1 bit 8) is not supported: `6A86`.
 */
export function readBinaryCommand(command: CommandApdu, session: CardSession): Uint8Array {
  const { p1, p2, ne } = command;
  if (p1 & 0x80) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  if (command.data.length > 0 || ne === undefined) return ResponseApdu.statusBytes(WRONG_LENGTH);
  const file = session.file;
  if (!file) return ResponseApdu.statusBytes(COMMAND_NOT_ALLOWED);
  if (file.kind !== "binary") return ResponseApdu.statusBytes(INCOMPATIBLE_FILE_STRUCTURE);
  const refused = session.application?.guard?.("read", file, session);
  if (refused !== undefined) return ResponseApdu.statusBytes(refused);
  if (file.readRequires !== undefined && !session.verified.has(file.readRequires)) {
    return ResponseApdu.statusBytes(SECURITY_STATUS_NOT_SATISFIED);
  }
  const offset = (p1 << 8) | p2;
  const content = file.content;
  if (offset >= content.length) return ResponseApdu.statusBytes(WRONG_P1_P2);
  const end = Math.min(content.length, offset + ne);
  return ResponseApdu.bytes(content.subarray(offset, end), OK);
}
