/**
 * The device side of every carrier: an emulated card or phone that turns command APDU bytes into response APDU bytes.
 * A device never knows which carrier it sits on (in-process, vpcd, ws).
 */
export interface ApduDevice {
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
