import type { ReaderProfile, ReaderTimeouts } from "./reader-profile.ts";

/**
 * Time-outs shared by the models (all modelled: no maker publishes them). Long enough for a patient at the counter,
 * short enough that an abandoned screen returns to the top; a phone tap itself takes 1–2 s (docs/domain/load-figures.md).
 */
export const DEFAULT_READER_TIMEOUTS: ReaderTimeouts = Object.freeze({
  cardHoldMs: 30_000,
  phoneHoldMs: 30_000,
  readMs: 10_000,
  choiceMs: 60_000,
  pinEntryMs: 60_000,
  faceMatchMs: 60_000,
  consentMs: 60_000,
  alertMs: 10_000,
  paperCardReadMs: 3_000,
  messageMs: 15_000,
  resultMs: 5_000,
});

/** The modelled fields shared by every model, plus `extra`. */
function modelled(...extra: (keyof ReaderProfile)[]): readonly (keyof ReaderProfile)[] {
  return ["faceMatchThreshold", "timeouts", "listedGeneralPurposeReaders", ...extra];
}

/** Values every model shares; which are public is said in {@link ReaderProfile}. */
const common = {
  faceMatchThreshold: 0.8,
  faceLockAfterFailures: 10,
  expiryAlertMonths: 3,
  cardGraceMonths: 3,
  timeouts: DEFAULT_READER_TIMEOUTS,
  listedGeneralPurposeReaders: ["SONY FeliCa RC-S300/P"],
  modelled: modelled(),
} as const satisfies Partial<ReaderProfile>;

/** Panasonic XC-STFR1J-MN: phones through the general-purpose reader. */
export const PANASONIC_XC_STFR1J_MN: ReaderProfile = Object.freeze({
  ...common,
  id: "panasonic-xc-stfr1j-mn",
  maker: "Panasonic",
  model: "XC-STFR1J-MN",
  readsPhonesItself: false,
  noChip: "error-001",
  wording: {},
  modelled: modelled("noChip"),
});

/** PFU (Fujitsu group) Caora: phones through the general-purpose reader. */
export const PFU_CAORA: ReaderProfile = Object.freeze({
  ...common,
  id: "pfu-caora",
  maker: "PFU",
  model: "Caora",
  readsPhonesItself: false,
  noChip: "error-001",
  wording: {},
  modelled: modelled("noChip"),
});

/** Almex マイナタッチ (Sma-pa): phones through the general-purpose reader; no chip → paper card, then 「読み取りに失敗しました」. */
export const ALMEX_MYNA_TOUCH: ReaderProfile = Object.freeze({
  ...common,
  id: "almex-myna-touch",
  maker: "Almex",
  model: "マイナタッチ (Sma-pa)",
  readsPhonesItself: false,
  noChip: "paper-card",
  // Published wording (docs/domain/reader-models.md).
  wording: { "error-read-failed": "読み取りに失敗しました" },
});

/** Canon face-auth card reader: reads phones on its own antenna after a restart, no general-purpose reader. */
export const CANON_FACR: ReaderProfile = Object.freeze({
  ...common,
  id: "canon-facr",
  maker: "Canon",
  model: "FACR",
  readsPhonesItself: true,
  noChip: "error-001",
  wording: { "phone-hold": "スマートフォンをこのカードリーダーにかざしてください" },
  listedGeneralPurposeReaders: [],
  modelled: modelled("noChip", "wording"),
});

/** Every built-in model. */
export const READER_MODELS: readonly ReaderProfile[] = Object.freeze([PANASONIC_XC_STFR1J_MN, PFU_CAORA, ALMEX_MYNA_TOUCH, CANON_FACR]);

/** The built-in model with `id`; throws `RangeError` naming the known ids otherwise. */
export function findReaderModel(id: string): ReaderProfile {
  const found = READER_MODELS.find((m) => m.id === id);
  if (!found) throw new RangeError(`unknown reader model "${id}" (built-in: ${READER_MODELS.map((m) => m.id).join(", ")})`);
  return found;
}
