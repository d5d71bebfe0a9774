/**
 * Where a phone's NFC antenna sits, i.e. which part of the phone must lie over a reader's antenna:
 * `top-edge` (the iPhone: "the top of the iPhone" on the card or reader), `upper-back` (the back near the camera),
 * `middle-back` (the centre of the back). See docs/domain/phone-token.md (modelled quirks).
 */
export type NfcAntennaPosition = "top-edge" | "upper-back" | "middle-back";

/** What a contactless device answers to REQB/WUPB (ISO 14443-3 Type B), as far as PC/SC readers use it. */
export interface ContactlessIdentity {
  /** ISO 14443 type; the My Number Card and the phones' JPKI tokens answer as Type B. */
  type: "B";
  /** PUPI (4 bytes): fixed on a card, random per activation on some phones (modelled). */
  pupi: Uint8Array;
  /** ATQB application data (4 bytes). */
  applicationData: Uint8Array;
  /** ATQB protocol info (3 bytes). */
  protocolInfo: Uint8Array;
}

/**
 * The device side of every carrier: an emulated card or phone that turns command APDU bytes into response APDU bytes.
 * A device never knows which carrier it sits on (in-process, vpcd, ws).
 */
export interface ApduDevice {
  /**
   * How the device answers in a contactless field (ATQB), from which a contactless PC/SC reader synthesises the ATR it
   * reports (PC/SC part 3). Absent for contact-only devices.
   */
  readonly contactless?: ContactlessIdentity;
  /**
   * Where the device's NFC antenna sits (phones); absent when it spans the device (a card), which then couples however
   * it is held. A contactless reader uses it to decide whether a hold couples (docs/domain/phone-token.md).
   */
  readonly nfcAntenna?: NfcAntennaPosition;
  /** Short description for traces, e.g. `card P0001`. */
  readonly description: string;
  /** The answer-to-reset the device gives on power-on or reset (contact ATR for a card). */
  readonly atr: Uint8Array;
  /** Cold reset (power applied). Clears volatile state: selected application, security status. */
  powerOn(): void;
  /** Power removed. Volatile state is lost. */
  powerOff(): void;
  /** Warm reset. Clears volatile state like a power cycle. */
  reset(): void;
  /**
   * Processes one command APDU and returns the response APDU (data + SW1 SW2).
   * Never throws: malformed input gets a status word such as `6700`.
   */
  process(command: Uint8Array): Uint8Array;
}
