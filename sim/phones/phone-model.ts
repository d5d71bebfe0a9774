/** The phone platforms that carry a JPKI token (スマホ用電子証明書). */
export type PhonePlatform = "ios" | "android";

/** Biometric sensors: Face ID / face unlock, and Touch ID / fingerprint. */
export type BiometricKind = "face" | "touch";

/** A phone model and the OS version it runs: what decides whether the card can be added to it (DOMAIN.md §4). */
export interface PhoneModel {
  /** iOS (iPhone) or Android. */
  readonly platform: PhonePlatform;
  /** Marketing name, e.g. `iPhone 15` or `Pixel 8`. */
  readonly name: string;
  /** OS version as dotted numbers: iOS `18.5`, Android `14`. */
  readonly osVersion: string;
  /** Release month `YYYY-MM`; the iPhone rule "XS or later" compares it (modelled ordering of models). */
  readonly released: string;
  /** The biometric sensors the phone has. */
  readonly biometricSensors: readonly BiometricKind[];
}
