import { constants, privateEncrypt } from "node:crypto";
import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";
import type { CardSession } from "../card-session.ts";

const { OK, COMMAND_NOT_ALLOWED, INCORRECT_P1_P2, SECURITY_STATUS_NOT_SATISFIED, WRONG_LENGTH } = StatusWord;

/** Largest input PKCS#1 v1.5 type-1 padding takes with a 2048-bit modulus (256 − 11). */
const MAX_INPUT = 245;

/**
 * COMPUTE DIGITAL SIGNATURE (`80 2A 00 80 Lc <DigestInfo> 00`) with the selected key EF.
 * The card applies PKCS#1 v1.5 type-1 padding to exactly what it receives (it does not hash, nor check the DigestInfo)
 * and returns the 256-byte signature. The key's PIN must be verified (`6982` otherwise).
 */
export function computeSignatureCommand(command: CommandApdu, session: CardSession): Uint8Array {
  if (command.p1 !== 0x00 || command.p2 !== 0x80) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  const input = command.data;
  if (input.length === 0 || input.length > MAX_INPUT) return ResponseApdu.statusBytes(WRONG_LENGTH);
  const file = session.file;
  if (!file || file.kind !== "key") return ResponseApdu.statusBytes(COMMAND_NOT_ALLOWED);
  const refused = session.application?.guard?.("sign", file, session);
  if (refused !== undefined) return ResponseApdu.statusBytes(refused);
  if (!session.verified.has(file.useRequires)) return ResponseApdu.statusBytes(SECURITY_STATUS_NOT_SATISFIED);
  const signature = privateEncrypt({ key: file.privateKey, padding: constants.RSA_PKCS1_PADDING }, input);
  return ResponseApdu.bytes(signature, OK);
}
