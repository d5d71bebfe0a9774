import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";
import { fileByShortIdentifier } from "../short-ef-identifier.ts";

const { CONDITIONS_NOT_SATISFIED, SECURITY_STATUS_NOT_SATISFIED } = StatusWord;

/**
 * INTERNAL AUTHENTICATE (`00 88 00 <key> …`). Only the common AP's key `0019` answers on a card, and this card does not
 * model the common AP. A key behind a PIN answers `6982`; the card-info and card-face APs' own keys, which sign through
 * `80 2A` instead, answer `6985` (myna-card `src/card.rs` `internal_authenticate`). Anything else `6982`.
 */
export function internalAuthenticateCommand(command: CommandApdu, session: CardSession): Uint8Array {
  const { p2 } = command;
  const fid = p2 === 0x00 ? session.application?.defaultKey : (p2 & 0xe0) === 0x80 ? p2 & 0x1f : undefined;
  const file = fid === undefined ? undefined : p2 === 0x00 ? session.application?.files.get(fid) : fileByShortIdentifier(session, fid);
  if (file?.kind === "key" && file.useRequires === undefined) return ResponseApdu.statusBytes(CONDITIONS_NOT_SATISFIED);
  return ResponseApdu.statusBytes(SECURITY_STATUS_NOT_SATISFIED);
}
