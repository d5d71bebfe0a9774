import type { ApduDevice } from "../apdu/index.ts";
import { Aid, CardInfoFile, JpkiClient, JpkiFile, type PinVerification } from "../jpki/index.ts";
import { readSigningIdentity } from "../pki/index.ts";
import { type ProvisionRefusal, type ProvisionRefusalReason, provisionRefusal } from "./provision-refusal.ts";

/** What the phone learnt from the card. */
export type CardReading =
  | {
      /** The card's signing certificate (DER), read after the signing password. */
      readonly signCertificate: Uint8Array;
      /** The card's user-authentication certificate (DER). */
      readonly authCertificate: Uint8Array;
      /** Birth date from the signing certificate, `YYYY-MM-DD`. */
      readonly birthDate: string;
    }
  | {
      /** The card says (EF `0008`) it carries no signing certificate, e.g. a card issued to a child under 15. */
      readonly signCertificate: undefined;
    };

/** The card's secrets the person types into the phone. Never logged. */
export interface CardSecrets {
  /** The card's signing password (署名用電子証明書のパスワード). */
  signPassword: string;
  /** iPhone only: the card-face input PIN (券面事項入力補助用暗証番号), checked against the card-info AP's PIN. */
  cardInfoPin?: string;
}

/**
 * Reads the physical card the way the phone does when the card is added, with real APDUs over the phone's own
 * NFC (the card object is touched directly: no carrier is involved, the phone is the host):
 * SELECT JPKI, read which certificates the card carries (EF `0008`, free: without a signing certificate — a card issued
 * under 15 — the phone stops there, before the signing password costs a try), VERIFY the signing password (a wrong one
 * uses a try on the card), read the signing and auth certificates; for an iPhone also VERIFY the card-face input PIN on
 * the card-info AP (modelled: what the iPhone checks the 4-digit PIN against is not public). The card is powered down
 * afterwards.
 */
export async function readCardForPhone(card: ApduDevice, secrets: CardSecrets): Promise<{ ok: true; reading: CardReading } | { ok: false; refusal: ProvisionRefusal }> {
  card.powerOn();
  try {
    const client = new JpkiClient({ transmit: (command) => Promise.resolve(card.process(command)) });
    await client.selectApplication();
    const availability = await client.readCertificateAvailability();
    if (!availability.sign) return { ok: true, reading: { signCertificate: undefined } };
    const password = secrets.signPassword.length === 0 ? wrongWithoutTry : await client.verify(JpkiFile.SIGN_PIN, secrets.signPassword);
    const passwordRefusal = pinRefusal(password, "card-sign-password-wrong", "card-sign-password-blocked", "the card's signing password");
    if (passwordRefusal) return { ok: false, refusal: passwordRefusal };
    const signCertificate = await client.readSignCertificate();
    const authCertificate = await client.readAuthCertificate();
    const birthDate = readSigningIdentity(signCertificate)?.birthDate ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return { ok: false, refusal: provisionRefusal("card-unreadable", "the card's signing certificate carries no birth date") };
    if (secrets.cardInfoPin !== undefined) {
      await client.selectApplication(Aid.CARD_INFO);
      const pin = secrets.cardInfoPin.length === 0 ? wrongWithoutTry : await client.verify(CardInfoFile.PIN, secrets.cardInfoPin);
      const pinProblem = pinRefusal(pin, "card-info-pin-wrong", "card-info-pin-blocked", "the card-face input PIN");
      if (pinProblem) return { ok: false, refusal: pinProblem };
    }
    return { ok: true, reading: { signCertificate, authCertificate, birthDate } };
  } catch (error) {
    // CardStatusError and DER errors name the step and status word only, never the secret.
    return { ok: false, refusal: provisionRefusal("card-unreadable", `the card did not answer as a My Number Card: ${error instanceof Error ? error.message : String(error)}`) };
  } finally {
    card.powerOff();
  }
}

/** An empty entry is refused by the phone before anything reaches the card (an empty VERIFY would only read the counter). */
const wrongWithoutTry: PinVerification = { verified: false, triesLeft: -1, blocked: false };

function pinRefusal(outcome: PinVerification, wrong: ProvisionRefusalReason, blocked: ProvisionRefusalReason, what: string): ProvisionRefusal | undefined {
  if (outcome.verified) return undefined;
  if (outcome.blocked) return provisionRefusal(blocked, `${what} is blocked; have it reset at the municipal office`);
  if (outcome.triesLeft < 0) return provisionRefusal(wrong, `${what} is empty`);
  return provisionRefusal(wrong, `${what} is wrong (${outcome.triesLeft} tries left on the card)`, outcome.triesLeft);
}
