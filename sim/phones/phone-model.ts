import type { NfcAntennaPosition } from "../apdu/index.ts";
/** The phone platforms that carry a JPKI token (スマホ用電子証明書). */
export type PhonePlatform = "ios" | "android";

/** Biometric sensors: Face ID / face unlock, and Touch ID / fingerprint. */
export type BiometricKind = "face" | "touch";


/**
 * A phone model and the OS version it runs: what decides whether the card can be added to it
 * (docs/domain/rules.md#os-versions), and how its NFC behaves (docs/domain/phone-token.md, modelled quirks).
 */
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
  /**
   * Where the NFC antenna sits (default when absent: `top-edge` on iOS, `upper-back` on Android). The catalogue's
   * Android values are modelled (docs/domain/phone-token.md, modelled quirks).
   */
  readonly nfcAntenna?: NfcAntennaPosition;
  /**
   * Whether the phone's NFC stack takes extended-length APDUs (default when absent: true). Without them an extended
   * APDU ends the exchange at the link, with no status word (modelled after yubikit-android PR #64;
   * docs/domain/phone-token.md, modelled quirks).
   */
  readonly extendedApdus?: boolean;
}
