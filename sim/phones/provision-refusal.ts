/**
 * Why adding the card to a phone was refused (docs/domain/rules.md "prerequisites to add to phone"). Each is an expected
 * outcome, returned as a value, never thrown.
 */
export type ProvisionRefusalReason =
  /** The phone's OS is below the minimum (iOS 18.5, Android 11). */
  | "os-too-old"
  /** The phone model is below the minimum (iPhone XS or later). */
  | "model-unsupported"
  /** iPhone: no Face ID / Touch ID registered on the phone. */
  | "biometrics-not-registered"
  /** The phone already holds another person's card (one person per phone). */
  | "phone-holds-another-person"
  /** The phone's own auth PIN or signing password chosen for the phone has the wrong format. */
  | "phone-credentials-invalid"
  /** iPhone: the card-face input PIN (券面事項入力補助用暗証番号) was not given. */
  | "card-info-pin-required"
  /** Health-insurance use (健康保険証利用登録) is not registered (modelled flag). */
  | "health-insurance-not-registered"
  /** The card's signing password is wrong (a try was used on the card). */
  | "card-sign-password-wrong"
  /** The card's signing password is blocked. */
  | "card-sign-password-blocked"
  /** iPhone: the card-face input PIN is wrong (a try was used on the card). */
  | "card-info-pin-wrong"
  /** iPhone: the card-face input PIN is blocked. */
  | "card-info-pin-blocked"
  /** The card did not answer as a My Number Card should. */
  | "card-unreadable"
  /** Under 15 on the day: the signing certificate needed to add the card is issued from 15. */
  | "under-15"
  /** The card's certificate is revoked. */
  | "card-certificate-revoked"
  /** The card's certificate has expired (the card's 3-month grace does not apply to adding it to a phone). */
  | "card-certificate-expired"
  /** The card's certificate does not verify against the authority. */
  | "card-certificate-invalid";

/** A refusal: a reason code for programs, a readable message for people, and the tries left when a PIN was wrong. */
export interface ProvisionRefusal {
  readonly reason: ProvisionRefusalReason;
  readonly message: string;
  /** Tries left on the card after a wrong signing password or card-face input PIN. */
  readonly triesLeft?: number;
}

/** Builds a {@link ProvisionRefusal}. */
export function provisionRefusal(reason: ProvisionRefusalReason, message: string, triesLeft?: number): ProvisionRefusal {
  return triesLeft === undefined ? { reason, message } : { reason, message, triesLeft };
}
