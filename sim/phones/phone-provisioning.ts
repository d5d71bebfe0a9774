import { ageOn } from "../personas/index.ts";
import { type CertificateKind, type IssuedCertificate, type JpkiAuthority, type KeyStore, verifyCertificate } from "../pki/index.ts";
import { phoneCredentialsProblem, resolvePhoneCredentials } from "./phone-credentials.ts";
import type { PhoneInstallation } from "./phone-installation.ts";
import { issuePhoneKeyMaterial } from "./phone-key-issuer.ts";
import { checkPhoneRequirements, type PhoneRequirements } from "./phone-requirements.ts";
import { readCardForPhone } from "./physical-card-check.ts";
import type { ProvisionRequest } from "./provision-request.ts";
import { type ProvisionRefusal, provisionRefusal } from "./provision-refusal.ts";
import { type RuleSwitchboard, rulesOrDefault } from "../rules/index.ts";

/** Minimum age for adding the card to a phone: the signing certificate it needs is issued from 15 (docs/domain/rules.md). */
export const MINIMUM_AGE = 15;

/** The state {@link provisionPhone} works with. */
export interface ProvisioningContext {
  authority: JpkiAuthority;
  keyStore: KeyStore;
  requirements: PhoneRequirements;
  /** The day the card is added. */
  now: Date;
  /** Which of the person's phones this is (key slots `phone:<persona>:<generation>:…`). */
  generation: number;
  /** Rule switchboard (sim/rules; default every rule on): one person per phone, under 15. */
  rules?: RuleSwitchboard;
}

/** Installation to put on the phone (with the card's certificates it was checked against), or why not. */
export type ProvisioningOutcome =
  | { ok: true; installation: PhoneInstallation; cardCertificates: Readonly<Record<CertificateKind, IssuedCertificate>> }
  | { ok: false; refusal: ProvisionRefusal };

/**
 * Checks every prerequisite for adding the card to the phone, then issues the phone's own keys and certificates.
 * Order: the phone (one person per phone, OS and model, iPhone biometrics, format of the phone's new secrets,
 * iPhone card-face input PIN given), health-insurance registration, then the card with real APDUs (signing password —
 * a wrong one costs a try —, certificates, iPhone card-face input PIN), a signing certificate on the card (a card issued
 * under 15 has none, EF `0008` says so: refused `under-15`) and age 15 or over from its birth date, and the card's
 * certificates (revoked or expired: refused; no grace). Changes nothing but the card's counters.
 */
export async function provisionPhone(request: ProvisionRequest, context: ProvisioningContext): Promise<ProvisioningOutcome> {
  const refused = (refusal: ProvisionRefusal): ProvisioningOutcome => ({ ok: false, refusal });
  const { phone, card } = request;
  const persona = card.persona;
  const iphone = phone.model.platform === "ios";
  const rules = rulesOrDefault(context.rules);
  // Rule hook "one-person-per-phone" (docs/domain/rules.md#one-person-per-phone).
  if (rules.isOn("one-person-per-phone") && phone.holder !== undefined && phone.holder !== persona.id) {
    return refused(provisionRefusal("phone-holds-another-person", `${phone.description} already holds another person's card; one person per phone`));
  }
  const phoneProblem = checkPhoneRequirements(phone.model, context.requirements) ?? phone.readiness();
  if (phoneProblem) return refused(phoneProblem);
  const credentials = resolvePhoneCredentials(request.phoneCredentials);
  const credentialsProblem = phoneCredentialsProblem(credentials, !iphone);
  if (credentialsProblem) return refused(provisionRefusal("phone-credentials-invalid", credentialsProblem));
  if (iphone && request.cardInfoPin === undefined) {
    return refused(provisionRefusal("card-info-pin-required", "an iPhone needs the card-face input PIN (4 digits) to add the card"));
  }
  if (!request.healthInsuranceRegistered) {
    return refused(provisionRefusal("health-insurance-not-registered", "register the card for health-insurance use (健康保険証利用登録) first"));
  }
  const read = await readCardForPhone(card, { signPassword: request.cardSignPassword, ...(iphone && request.cardInfoPin !== undefined ? { cardInfoPin: request.cardInfoPin } : {}) });
  if (!read.ok) return read;
  const reading = read.reading;
  const cardSignCertificate = card.signCertificate;
  // Rule hook "under-15-refused" (docs/domain/rules.md#age): switched off, neither the missing signing certificate nor
  // the age stops the card being added (the phone's signing certificate then follows the auth certificate's expiry).
  const under15Refused = rules.isOn("under-15-refused");
  if (under15Refused && (reading.signCertificate === undefined || cardSignCertificate === undefined)) {
    return refused(
      provisionRefusal("under-15", `the card carries no signing certificate (issued to a holder under 15); the card can be added to a phone from ${MINIMUM_AGE}, once it has one`),
    );
  }
  const age = reading.signCertificate === undefined ? undefined : ageOn({ birthDate: reading.birthDate }, context.now);
  if (under15Refused && age !== undefined && age < MINIMUM_AGE) {
    return refused(provisionRefusal("under-15", `the card holder is ${age} on ${context.now.toISOString().slice(0, 10)}; the card can be added to a phone from ${MINIMUM_AGE}`));
  }
  for (const kind of ["auth", "sign"] as const satisfies readonly CertificateKind[]) {
    if (reading.signCertificate === undefined) break; // nothing read: only with "under-15-refused" off
    const der = kind === "auth" ? reading.authCertificate : reading.signCertificate;
    const verdict = await verifyCertificate(context.authority, kind, der, { at: context.now });
    if (!verdict.ok) {
      const what = kind === "auth" ? "user-authentication" : "signing";
      if (verdict.reason === "revoked") return refused(provisionRefusal("card-certificate-revoked", `the card's ${what} certificate is revoked`));
      if (verdict.reason === "expired") return refused(provisionRefusal("card-certificate-expired", `the card's ${what} certificate has expired; renew it first`));
      return refused(provisionRefusal("card-certificate-invalid", `the card's ${what} certificate does not verify (${verdict.reason})`));
    }
  }
  const cardCertificates = { auth: card.authCertificate, sign: cardSignCertificate ?? card.authCertificate };
  const keys = await issuePhoneKeyMaterial(persona, context.generation, {
    authority: context.authority,
    keyStore: context.keyStore,
    now: context.now,
    cardCertificates,
  });
  return { ok: true, installation: { personaId: persona.id, generation: context.generation, keys, credentials }, cardCertificates };
}
