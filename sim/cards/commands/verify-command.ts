import { type CommandApdu, ResponseApdu, StatusWord, verifyFailed } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";
import { fileByShortIdentifier } from "../short-ef-identifier.ts";

const { OK, COMMAND_NOT_ALLOWED, INCORRECT_P1_P2, REFERENCE_DATA_NOT_USABLE, REFERENCED_DATA_NOT_FOUND } = StatusWord;

/**
 * VERIFY against a key EF: `00 20 00 80 [Lc PIN]` for the selected one, `00 20 00 <80|SFI> [Lc PIN]` for the one its
 * short identifier names, which it also selects (myna-card `verify_sfi`: "same effect as select_ef followed by verify";
 * jsapdu `verify(pin, { ef })` = `00 20 00 80+ef`).
 * - With data: `9000` and the key is verified; wrong → `63Cx` (x tries left; the try that uses the last one → `63C0`);
 *   once blocked → `6984` (myna-card, jpki/myna Go; one client names `6983`, no card is reported to send it).
 * - Empty (case 1 or 2): reads the counter without using a try → always `63Cx`, `63C0` once blocked, even when verified
 *   (OpenSC PR #959 transcript; OpenSC treats any other answer as an error).
 * - No key EF selected → `6986` (modelled); an SFI naming no key EF → `6A88` (modelled).
 */
export function verifyCommand(command: CommandApdu, session: CardSession): Uint8Array {
  const { p1, p2 } = command;
  if (p1 !== 0x00 || (p2 & 0xe0) !== 0x80) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  if (p2 !== 0x80) {
    const named = fileByShortIdentifier(session, p2 & 0x1f);
    if (!named || named.kind !== "pin") return ResponseApdu.statusBytes(REFERENCED_DATA_NOT_FOUND);
    session.file = named;
  }
  const file = session.file;
  if (!file || file.kind !== "pin") return ResponseApdu.statusBytes(COMMAND_NOT_ALLOWED);
  const counter = file.counter;
  if (command.data.length === 0) return ResponseApdu.statusBytes(verifyFailed(counter.triesLeft));
  const refused = session.application?.guard?.("verify", file, session);
  if (refused !== undefined) return ResponseApdu.statusBytes(refused);
  const outcome = counter.check(command.data);
  switch (outcome.result) {
    case "ok":
      session.verified.add(file.fid);
      return ResponseApdu.statusBytes(OK);
    case "wrong":
      session.verified.delete(file.fid);
      return ResponseApdu.statusBytes(verifyFailed(outcome.triesLeft));
    case "blocked":
      session.verified.delete(file.fid);
      return ResponseApdu.statusBytes(REFERENCE_DATA_NOT_USABLE);
  }
}
