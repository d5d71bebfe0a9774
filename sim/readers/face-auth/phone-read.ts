import { CommandApdu } from "../../apdu/command-apdu.ts";
import { StatusWord } from "../../apdu/status-word.ts";
import { Aid, JpkiFile } from "../../jpki/index.ts";
import { type Transceiver } from "../../apdu/index.ts";
import { JpkiClient } from "../../jpki/jpki-client.ts";
import { checkCertificateExpiry, type ExpiryCheck } from "./certificate-expiry.ts";
import type { Challenge } from "./challenge-source.ts";
import { describeReadError, statusWordOf } from "./device-read-error.ts";

/** The phone OS the patient chose. */
export type PhoneOs = "iphone" | "android";

/** The outcome of {@link readPhone}. */
export type PhoneReadOutcome =
  | { kind: "read"; certificate: Uint8Array; expiry: ExpiryCheck; challenge: Challenge; signature: Uint8Array }
  | { kind: "certificate-expired"; certificate: Uint8Array; expiry: ExpiryCheck }
  | { kind: "pin-wrong"; triesLeft: number }
  | { kind: "pin-blocked" }
  | { kind: "biometric-missing"; detail: string }
  | { kind: "no-chip"; detail: string }
  | { kind: "not-my-number-card"; statusWord: number }
  | { kind: "not-a-phone" }
  | { kind: "read-failed"; detail: string }
  | { kind: "system-failed"; detail: string };

/** What {@link readPhone} needs besides the link. */
export interface PhoneReadRequest {
  os: PhoneOs;
  /** Android: the PIN typed on the reader, used for one VERIFY. */
  pin?: string;
  /** Fetches the challenge to sign (the online service's, or local). */
  challenge: () => Promise<Challenge>;
  /** The reader's date, and the alert window in months (phones have no grace after expiry). */
  at: Date;
  alertMonths: number;
  /** Grace after expiry in months (default 0: a phone has none, docs/domain/rules.md#certificate-expiry). */
  graceMonths?: number;
}

/** `80 FC 00 00`: the iPhone's last-command indicator (docs/domain/phone-token.md). */
const LAST_COMMAND = CommandApdu.of({ cla: 0x80, ins: 0xfc, p1: 0, p2: 0 });

/**
 * A phone held on the reader, in real APDUs: SELECT the card-face AP (a phone refuses it; a card answering means a
 * card was held instead), SELECT JPKI, Android: VERIFY the PIN typed on the reader *before* reading the certificate,
 * read the auth certificate, check its dates (no grace for a phone), fetch the challenge, sign SHA-256(challenge)
 * with the auth key; iPhone: `6982` on the certificate or the key means no biometric authorisation, and the
 * last-command indicator ends the exchange.
 */
export async function readPhone(link: Transceiver, request: PhoneReadRequest): Promise<PhoneReadOutcome> {
  const client = new JpkiClient(link);
  try {
    const face = await client.send(CommandApdu.of({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Aid.CARD_FACE }));
    if (face.sw === StatusWord.OK) return { kind: "not-a-phone" };
  } catch (error) {
    return { kind: "no-chip", detail: describeReadError(error) };
  }
  try {
    await client.selectApplication(Aid.JPKI);
  } catch (error) {
    const sw = statusWordOf(error);
    return sw === undefined ? { kind: "read-failed", detail: describeReadError(error) } : { kind: "not-my-number-card", statusWord: sw };
  }
  const refusedByIphone = (error: unknown): PhoneReadOutcome | undefined =>
    request.os === "iphone" && statusWordOf(error) === StatusWord.SECURITY_STATUS_NOT_SATISFIED ? { kind: "biometric-missing", detail: describeReadError(error) } : undefined;
  let certificate: Uint8Array;
  try {
    if (request.os === "android") {
      const check = await client.verify(JpkiFile.AUTH_PIN, request.pin ?? "");
      if (!check.verified) return check.blocked ? { kind: "pin-blocked" } : { kind: "pin-wrong", triesLeft: check.triesLeft };
    }
    certificate = await client.readAuthCertificate();
  } catch (error) {
    return refusedByIphone(error) ?? { kind: "read-failed", detail: describeReadError(error) };
  }
  let expiry: ExpiryCheck;
  try {
    expiry = checkCertificateExpiry(certificate, request.at, { alertMonths: request.alertMonths, graceMonths: request.graceMonths ?? 0 });
  } catch (error) {
    return { kind: "read-failed", detail: `certificate unreadable: ${describeReadError(error)}` };
  }
  if (expiry.status === "expired") return { kind: "certificate-expired", certificate, expiry };
  let challenge: Challenge;
  try {
    challenge = await request.challenge();
  } catch (error) {
    return { kind: "system-failed", detail: `no challenge: ${describeReadError(error)}` };
  }
  let signature: Uint8Array;
  try {
    signature = await client.signWithAuthKey(challenge.challenge);
  } catch (error) {
    return refusedByIphone(error) ?? { kind: "read-failed", detail: describeReadError(error) };
  }
  if (request.os === "iphone") await client.send(LAST_COMMAND).catch(() => undefined);
  return { kind: "read", certificate, expiry, challenge, signature };
}
