import { type CommandApdu, ResponseApdu, StatusWord, verifyFailed } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";

const { OK, COMMAND_NOT_ALLOWED, INCORRECT_P1_P2, REFERENCE_DATA_NOT_USABLE } = StatusWord;

/**
 * VERIFY (`00 20 00 80 [Lc PIN]`) against the selected PIN EF.
 * - With data: `9000` and the PIN is verified; wrong → `63Cx` (x tries left; the try that uses the last one → `63C0`);
 *   once blocked → `6984` (one public client expects `6983`; we answer `6984` like OpenSC-tested cards).
 * - Empty (case 1 or 2): reads the counter without using a try → always `63Cx`, `63C0` once blocked, even when verified,
 *   because widely used host tools treat any other answer as an error.
 * - No PIN EF selected → `6986` (modelled).
 */
export function verifyCommand(command: CommandApdu, session: CardSession): Uint8Array {
  if (command.p1 !== 0x00 || command.p2 !== 0x80) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
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
