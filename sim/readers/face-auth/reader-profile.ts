import type { ScreenStateId, ScreenTimeoutName } from "./screen-machine.ts";

/** Lengths of every time-out a screen can arm, in ms. All modelled: no maker publishes them. */
export type ReaderTimeouts = Readonly<Record<ScreenTimeoutName, number>>;

/**
 * A face-auth card reader (顔認証付きカードリーダー) model as data. Which values are public and which are modelled is
 * said field by field; {@link ReaderProfile.modelled} lists the modelled ones so reports can print them.
 */
export interface ReaderProfile {
  /** Stable id, e.g. `panasonic-xc-stfr1j-mn` (used in key slots and reports). */
  readonly id: string;
  /** Maker (public, docs/domain/reader-models.md). */
  readonly maker: string;
  /** Model name (public, docs/domain/reader-models.md). */
  readonly model: string;
  /** Reads phones on its own antenna, no general-purpose reader needed (public: Canon only, docs/domain/counter-flow.md, §11). */
  readonly readsPhonesItself: boolean;
  /**
   * What the reader does when a card is placed but no chip answers: `error-001`, or `paper-card` — treat it as a paper
   * insurance card, then 「読み取りに失敗しました」 (public for Almex, docs/domain/reader-models.md; `error-001` for the others is modelled).
   */
  readonly noChip: "error-001" | "paper-card";
  /** Camera score (0–1) at or above which a face match succeeds. Modelled: makers do not publish it. */
  readonly faceMatchThreshold: number;
  /** Failed face matches after which face authentication locks (public: 10, docs/domain/read-failures.md). Modelled: counted per card read. */
  readonly faceLockAfterFailures: number;
  /** Months before and after expiry in which the reader shows the certificate-expiry alert (public: 3, docs/domain/reader-models.md). */
  readonly expiryAlertMonths: number;
  /** Grace after expiry during which a card still reads (public: 3 months; phones have none, docs/domain/rules.md). */
  readonly cardGraceMonths: number;
  /** Time-outs (modelled). */
  readonly timeouts: ReaderTimeouts;
  /** Screen titles that differ from the shared machine's (the published Almex wording, say). */
  readonly wording: Readonly<Partial<Record<ScreenStateId, string>>>;
  /**
   * General-purpose readers the maker lists for phones (the rule is public, docs/domain/rules.md; the lists are not: modelled as
   * the one reader seen in public tools). Informational: the simulator does not refuse other readers.
   */
  readonly listedGeneralPurposeReaders: readonly string[];
  /** Names of the fields above whose values are modelled rather than public. */
  readonly modelled: readonly (keyof ReaderProfile)[];
}
