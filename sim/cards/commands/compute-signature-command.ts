import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";
import type { ElementaryFile } from "../elementary-file.ts";
import { fileByShortIdentifier } from "../short-ef-identifier.ts";
import { signatureInputProblem, signWithScheme } from "../signing/signature-scheme.ts";

const { OK, COMMAND_NOT_ALLOWED, INCORRECT_P1_P2, REFERENCED_DATA_NOT_FOUND, SECURITY_STATUS_NOT_SATISFIED } = StatusWord;

/** The key EF P2 names: `80` the selected EF, `80|SFI` by short identifier, `00` the application's own key. */
function keyNamedBy(p2: number, session: CardSession): ElementaryFile | null | undefined {
  if (p2 === 0x80) return session.file;
  if (p2 === 0x00) {
    const fid = session.application?.defaultKey;
    return fid === undefined ? undefined : session.application?.files.get(fid);
  }
  if ((p2 & 0xe0) === 0x80) return fileByShortIdentifier(session, p2 & 0x1f);
  return undefined;
}

/**
 * COMPUTE DIGITAL SIGNATURE (`80 2A <scheme> <key> Lc <data> Le`), the JPKI card's own instruction:
 * - P1 the scheme `00`–`05` (see `SignatureScheme`); others `6A86`;
 * - P2 `80` the selected key EF (OpenSC, jpki/myna, jpki-rs: SELECT `0017`/`001A` first), `80|SFI` the key by short
 *   identifier without a SELECT (myna-card: `80 2A 00 97` auth, `9A` sign; byte-identical result), `00` the
 *   application's own key for the card-info and card-face presence proof, which needs no credential (myna-card
 *   `TextAp::sign`/`SurfaceAp::sign`); a P2 that names no key `6A88` (JPKI has no own key; modelled);
 * - the key's PIN must be verified in this session (`6982`); no key EF selected for P2 `80` → `6986`.
 */
export function computeSignatureCommand(command: CommandApdu, session: CardSession): Uint8Array {
  const { p1, p2, data } = command;
  if (p1 > 0x05) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  const file = keyNamedBy(p2, session);
  if (file === null) return ResponseApdu.statusBytes(COMMAND_NOT_ALLOWED);
  if (file === undefined) return ResponseApdu.statusBytes(p2 === 0x00 || (p2 & 0xe0) === 0x80 ? REFERENCED_DATA_NOT_FOUND : INCORRECT_P1_P2);
  if (file.kind !== "key") return ResponseApdu.statusBytes(p2 === 0x80 ? COMMAND_NOT_ALLOWED : REFERENCED_DATA_NOT_FOUND);
  const problem = signatureInputProblem(p1, data);
  if (problem !== undefined) return ResponseApdu.statusBytes(problem);
  const refused = session.application?.guard?.("sign", file, session);
  if (refused !== undefined) return ResponseApdu.statusBytes(refused);
  if (file.useRequires !== undefined && !session.verified.has(file.useRequires)) return ResponseApdu.statusBytes(SECURITY_STATUS_NOT_SATISFIED);
  return ResponseApdu.bytes(signWithScheme(file.privateKey, p1, data), OK);
}
