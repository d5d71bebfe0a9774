import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";
import { fileByShortIdentifier } from "../short-ef-identifier.ts";

const { OK, COMMAND_NOT_ALLOWED, FILE_NOT_FOUND, INCOMPATIBLE_FILE_STRUCTURE, INCORRECT_P1_P2, SECURITY_STATUS_NOT_SATISFIED, WRONG_LENGTH, WRONG_P1_P2 } =
  StatusWord;

/**
 * READ BINARY, two addressing modes (JICSAP table 5 as myna-card quotes it, `src/card.rs`):
 * - `00 B0 <offset hi> <offset lo> Le`: the selected EF, 15-bit offset;
 * - `00 B0 <80|SFI> <offset> Le`: the EF named by its short identifier, 8-bit offset, no SELECT needed; it becomes the
 *   selected EF (jsapdu `readEfBinaryFull` = `00 B0 80|sfi 00 00 00 00`; myna-card `read_binary_chunk_sfi`).
 * Le may be extended (jsapdu asks for 65536). The card reads to the end of the file within Le, so a read running past
 * the end returns what is there with `9000` (JICSAP 6.4.1 (4), quoted in myna-card `read_binary_chunk`); an offset at
 * or past the end answers `6B00` (JICSAP 7.3.1). No EF selected `6986`, unknown SFI `6A82`, a key EF `6981`, a
 * protected EF whose key is not verified `6982`.
 */
export function readBinaryCommand(command: CommandApdu, session: CardSession): Uint8Array {
  const { p1, p2, ne } = command;
  if (command.data.length > 0 || ne === undefined) return ResponseApdu.statusBytes(WRONG_LENGTH);
  let offset: number;
  if (p1 & 0x80) {
    if (p1 & 0x60) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
    const named = fileByShortIdentifier(session, p1 & 0x1f);
    if (!named) return ResponseApdu.statusBytes(FILE_NOT_FOUND);
    session.file = named;
    offset = p2;
  } else {
    offset = (p1 << 8) | p2;
  }
  const file = session.file;
  if (!file) return ResponseApdu.statusBytes(COMMAND_NOT_ALLOWED);
  if (file.kind !== "binary") return ResponseApdu.statusBytes(INCOMPATIBLE_FILE_STRUCTURE);
  const refused = session.application?.guard?.("read", file, session);
  if (refused !== undefined) return ResponseApdu.statusBytes(refused);
  if (file.readRequires !== undefined && !file.readRequires.some((fid) => session.verified.has(fid))) {
    return ResponseApdu.statusBytes(SECURITY_STATUS_NOT_SATISFIED);
  }
  const content = file.content;
  if (offset >= content.length) return ResponseApdu.statusBytes(WRONG_P1_P2);
  return ResponseApdu.bytes(content.subarray(offset, Math.min(content.length, offset + ne)), OK);
}
