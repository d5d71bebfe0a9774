import { PATIENT_BEHAVIOUR, PILOT_IPHONE_SHARE } from "../../scenarios/clinic/clinic-day-options.ts";

/**
 * The shares of the pilot error mix of `bench readpath --mix pilot` and `bench soak`. Only the phone share and the
 * iPhone share among phone users are public (docs/domain/pilot-findings.md "Usage figures"); the pilot reports its
 * mistakes but not their rates, so every other share is MODELLED ("Their frequencies are not public", same page) and
 * can be changed here.
 */
export interface PilotMix {
  /** Patients who come with a phone: 398 phone uses of 73,982 My Number uses = 0.54% (public). */
  phoneShare: number;
  /** iPhones among phone users: 252 of 321 (public). */
  iphoneShareOfPhones: number;
  /** PIN patients (card, Android) who type a wrong PIN once, then the right one (MODELLED). */
  wrongPinOnce: number;
  /** Card patients who type three wrong PINs and block the card (MODELLED; docs/domain/fallbacks.md: no use counted). */
  pinBlock: number;
  /** Phone patients who hold the phone before pressing 「スマートフォンを利用する」 (pilot finding; rate MODELLED as in `run`). */
  prematureTap: number;
  /** Patients whose certificate expired within the last 3 months: a card is accepted, a phone refused (no grace). */
  expiredInGrace: number;
  /** Patients whose certificate expired more than 3 months ago (MODELLED). */
  expiredBeyondGrace: number;
  /** Patients whose certificate is revoked (MODELLED). */
  revoked: number;
  /** Qualifications whose service call gets a 5xx at the HTTP layer, then one retry (MODELLED). */
  serviceError: number;
  /** Qualifications whose service answer is slow (MODELLED). */
  slowAnswer: number;
  /** Bounds of a slow answer's extra delay, ms. */
  slowAnswerMs: { min: number; max: number };
}

/**
 * The default pilot mix. Public: the phone and iPhone shares (docs/domain/pilot-findings.md). MODELLED: the rest —
 * the premature-tap rate is the one `myna-hil run` uses (`PATIENT_BEHAVIOUR.phoneHeldBeforeButton`).
 */
export const PILOT_MIX: Readonly<PilotMix> = Object.freeze({
  phoneShare: 398 / 73_982,
  iphoneShareOfPhones: PILOT_IPHONE_SHARE,
  wrongPinOnce: 0.05,
  pinBlock: 0.005,
  prematureTap: PATIENT_BEHAVIOUR.phoneHeldBeforeButton,
  expiredInGrace: 0.01,
  expiredBeyondGrace: 0.005,
  revoked: 0.002,
  serviceError: 0.005,
  slowAnswer: 0.01,
  slowAnswerMs: Object.freeze({ min: 100, max: 800 }),
});

/** {@link PILOT_MIX} with another phone share (`--phone-share`). */
export function pilotMixWith(overrides: Partial<PilotMix>): PilotMix {
  return { ...PILOT_MIX, ...overrides };
}
