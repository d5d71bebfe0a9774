import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardApplication } from "../card-application.ts";
import type { CardSession } from "../card-session.ts";

const { OK, FILE_NOT_FOUND, INCORRECT_P1_P2, WRONG_LENGTH } = StatusWord;

/**
 * SELECT (`00 A4`): P1 `04` an application by AID, P1 `02` an EF of the selected application by FID,
 * P1 `00` the MF. P2 `0C` (no FCI) or `00`; the card returns no FCI either way (DOMAIN.md §8).
 * Unknown AIDs and FIDs answer `6A82`, so host tools probing PIV, OpenPGP … move on.
 */
export function selectCommand(command: CommandApdu, session: CardSession, applications: readonly CardApplication[]): Uint8Array {
  const { p1, p2, data } = command;
  if (p2 !== 0x0c && p2 !== 0x00 && p2 !== 0x04) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  switch (p1) {
    case 0x04: {
      if (data.length < 1 || data.length > 16) return ResponseApdu.statusBytes(WRONG_LENGTH);
      const app = applications.find((a) => sameBytes(a.aid, data));
      if (!app) return ResponseApdu.statusBytes(FILE_NOT_FOUND);
      session.enter(app);
      return ResponseApdu.statusBytes(OK);
    }
    case 0x02: {
      if (data.length !== 2) return ResponseApdu.statusBytes(WRONG_LENGTH);
      const app = session.application;
      const fid = ((data[0] as number) << 8) | (data[1] as number);
      const file = app?.files.get(fid);
      if (!file) return ResponseApdu.statusBytes(FILE_NOT_FOUND);
      session.file = file;
      return ResponseApdu.statusBytes(OK);
    }
    case 0x00: {
      // MF: no data, or 3F00.
      if (data.length === 0 || (data.length === 2 && data[0] === 0x3f && data[1] === 0x00)) {
        session.enter(null);
        return ResponseApdu.statusBytes(OK);
      }
      return ResponseApdu.statusBytes(FILE_NOT_FOUND);
    }
    default:
      return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
