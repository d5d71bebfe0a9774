import { Aid, JpkiFile } from "../../jpki/index.ts";
import { type Transceiver } from "../../apdu/index.ts";
import { JpkiClient } from "../../jpki/jpki-client.ts";
import { describeReadError } from "./device-read-error.ts";

/** The outcome of {@link verifyPinAndSign}. */
export type PinSignOutcome =
  | { kind: "signed"; signature: Uint8Array }
  | { kind: "pin-wrong"; triesLeft: number }
  | { kind: "pin-blocked" }
  | { kind: "read-failed"; detail: string };

/**
 * The PIN path on a card already read: SELECT JPKI, VERIFY the auth PIN (EF `0018`) as typed on the reader, then
 * COMPUTE DIGITAL SIGNATURE over SHA-256(challenge) with the auth key. The PIN is used for this one VERIFY only.
 */
export async function verifyPinAndSign(link: Transceiver, pin: string, challenge: Uint8Array): Promise<PinSignOutcome> {
  const client = new JpkiClient(link);
  try {
    await client.selectApplication(Aid.JPKI);
    const check = await client.verify(JpkiFile.AUTH_PIN, pin);
    if (!check.verified) return check.blocked ? { kind: "pin-blocked" } : { kind: "pin-wrong", triesLeft: check.triesLeft };
    return { kind: "signed", signature: await client.signWithAuthKey(challenge) };
  } catch (error) {
    return { kind: "read-failed", detail: describeReadError(error) };
  }
}
