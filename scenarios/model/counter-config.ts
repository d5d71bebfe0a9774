/**
 * The counter a model-based sequence runs at, chosen before its commands: the face-auth reader model, the patient's
 * card (its certificate state, docs/domain/rules.md#certificate-expiry) and phone, whether the reader's camera can read
 * the card face, and whether the general-purpose reader is set up when the day starts
 * (docs/domain/counter-flow.md#phone-button).
 */
export interface CounterConfig {
  /** Face-auth reader model id (docs/domain/reader-models.md#face-auth-reader-models). */
  readonly reader: "panasonic-xc-stfr1j-mn" | "pfu-caora" | "almex-myna-touch" | "canon-facr";
  /** The patient's card: its JPKI certificate state on the day (sim/personas). */
  readonly certificate: "valid" | "expiring" | "expired-in-grace" | "expired";
  /** The patient's phone (the card added to it before the visit). */
  readonly phone: "iphone" | "android";
  /** Whether the reader's camera reads 照合番号B off the card face (face match possible; modelled). */
  readonly cardFaceReadable: boolean;
  /** Whether the general-purpose reader is connected, set up and both restarts done when the sequence starts. */
  readonly generalPurposeReaderSetUp: boolean;
}

/** The persona whose card the patient carries, by certificate state (sim/personas: P0002 valid, P0005, P0006, P0007). */
export const CARD_PERSONA: Readonly<Record<CounterConfig["certificate"], string>> = Object.freeze({
  valid: "P0002",
  expiring: "P0005",
  "expired-in-grace": "P0006",
  expired: "P0007",
});

/** The persona whose card is on the patient's phone (valid certificates; docs/domain/rules.md#prerequisites). */
export const PHONE_PERSONA = "P0004";

/** Whether a reader model reads phones on its own antenna (Canon only: docs/domain/reader-models.md). */
export function readsPhonesItself(reader: CounterConfig["reader"]): boolean {
  return reader === "canon-facr";
}

/** One line for reports: `almex-myna-touch, card expiring, android, face readable, gp set up`. */
export function describeConfig(c: CounterConfig): string {
  return `${c.reader}, card ${c.certificate}, ${c.phone}, face ${c.cardFaceReadable ? "readable" : "unreadable"}, gp ${c.generalPurposeReaderSetUp ? "set up" : "absent"}`;
}
