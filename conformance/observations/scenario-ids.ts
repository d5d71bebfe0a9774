/**
 * The scenarios the suite plays, by stable ID. Each DUT plays those it can; requirements name the ones they judge.
 * What each does: conformance/emulated/scenario-catalogue.ts.
 */
export const SCENARIO = {
  iphoneOk: "iphone-ok",
  androidOk: "android-ok",
  cardPinOk: "card-pin-ok",
  cardFaceOk: "card-face-ok",
  cardVisual: "card-visual",
  cardWrongPin: "card-wrong-pin",
  prematureTap: "phone-premature-tap",
  phoneOnCardSlot: "phone-on-card-slot",
  iphoneNoBiometric: "iphone-no-biometric",
  phoneExpired: "phone-expired",
  cardInGrace: "card-in-grace",
  cardBeyondGrace: "card-beyond-grace",
  phoneRemovedMidRead: "phone-removed-mid-read",
  noGeneralPurposeReader: "no-general-purpose-reader",
  serviceDown: "service-down",
} as const;

/** A scenario ID. */
export type ScenarioId = (typeof SCENARIO)[keyof typeof SCENARIO];

/** Scenarios where a device completes a read and the service answers. */
export const READ_SCENARIOS: readonly ScenarioId[] = [SCENARIO.iphoneOk, SCENARIO.androidOk, SCENARIO.cardPinOk, SCENARIO.cardFaceOk, SCENARIO.cardVisual, SCENARIO.cardInGrace];
