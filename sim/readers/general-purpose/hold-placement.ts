import type { NfcAntennaPosition } from "../../apdu/index.ts";

/** How long a misplaced phone at the edge of the field stays in it and out of it, in ms (modelled). */
export interface IntermittentCoupling {
  /** Time in the field per cycle (default {@link DEFAULT_INTERMITTENT}.inFieldMs). */
  readonly inFieldMs?: number;
  /** Time out of the field per cycle (default {@link DEFAULT_INTERMITTENT}.outOfFieldMs). */
  readonly outOfFieldMs?: number;
}

/**
 * Where the patient puts the device on the reader (docs/domain/phone-token.md, "Modelled quirks: extended APDUs,
 * antenna position"; public: a phone read in one spot only, FACR antennas shaped for the card, portal-kb0012286 in
 * docs/domain/read-failures.md). A phone couples only when its antenna (`PhoneToken.nfcAntenna`) lies over the
 * reader's antenna; a device that declares no antenna position (a card) always couples.
 */
export interface HoldPlacement {
  /** The part of the phone put over the reader's antenna (the hold mark). Default: where its antenna is (well placed). */
  readonly over?: NfcAntennaPosition;
  /**
   * What a misplaced phone does: `out-of-field` (default: never enters the field; the host sees nothing) or
   * `intermittent` (it enters the field and drops out again, each drop a lost tag).
   */
  readonly misplaced?: "out-of-field" | "intermittent";
  /** The cycle of an `intermittent` phone (modelled). */
  readonly intermittent?: IntermittentCoupling;
}

/** The modelled cycle of an intermittent phone: 300 ms in the field, 300 ms out. */
export const DEFAULT_INTERMITTENT: Required<IntermittentCoupling> = { inFieldMs: 300, outOfFieldMs: 300 };
