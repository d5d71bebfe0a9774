import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardApplication } from "../card-application.ts";
import type { CardSession } from "../card-session.ts";

const { OK, FILE_NOT_FOUND, INCORRECT_P1_P2, WRONG_LENGTH } = StatusWord;

/** What SELECT looks in. */
export interface SelectTargets {
  applications: readonly CardApplication[];
  /** An AID whose SELECT returns the card to the MF state (the GlobalPlatform ISD on the card). */
  masterFileAid?: Uint8Array;
}

/**
 * SELECT (`00 A4`), P2 `0C` (no FCI) or `00`/`04`; the card returns no FCI either way:
 * - P1 `04`: an application by AID. Every SELECT of an application drops the security status, the same application
 *   included (logout by re-select, see `CardSession.enter`). The ISD AID `A0 00 00 01 51 00 00` returns to the MF state
 *   (myna-card `src/mf.rs`). Unknown AIDs answer `6A82`, so host tools probing PIV, OpenPGP … move on.
 * - P1 `02`: an EF of the selected application by FID; `6A82` when there is none (also at the MF: no EF there).
 * - P1 `00` without data (SELECT MF): `6A86` in the MF state, as after a cold reset; `9000` with nothing changed while
 *   an application is selected. With data (`3F00`): `6A82` either way (myna-card `src/card.rs`, "no select_mf";
 *   docs/domain/card-applications.md "SELECT MF").
 */
export function selectCommand(command: CommandApdu, session: CardSession, targets: SelectTargets): Uint8Array {
  const { p1, p2, data } = command;
  if (p2 !== 0x0c && p2 !== 0x00 && p2 !== 0x04) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  switch (p1) {
    case 0x04: {
      if (data.length < 1 || data.length > 16) return ResponseApdu.statusBytes(WRONG_LENGTH);
      if (targets.masterFileAid && sameBytes(targets.masterFileAid, data)) {
        session.enter(null);
        return ResponseApdu.statusBytes(OK);
      }
      const app = targets.applications.find((a) => sameBytes(a.aid, data));
      if (!app) return ResponseApdu.statusBytes(FILE_NOT_FOUND);
      session.enter(app);
      return ResponseApdu.statusBytes(OK);
    }
    case 0x02: {
      if (data.length !== 2) return ResponseApdu.statusBytes(WRONG_LENGTH);
      const fid = ((data[0] as number) << 8) | (data[1] as number);
      const file = session.application?.files.get(fid);
      if (!file) return ResponseApdu.statusBytes(FILE_NOT_FOUND);
      session.file = file;
      return ResponseApdu.statusBytes(OK);
    }
    case 0x00: {
      if (data.length > 0) return ResponseApdu.statusBytes(FILE_NOT_FOUND);
      return ResponseApdu.statusBytes(session.application === null ? INCORRECT_P1_P2 : OK);
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
