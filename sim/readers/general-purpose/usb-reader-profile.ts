import { type AtrStyle } from "../../apdu/index.ts";
/**
 * How a contactless PC/SC reader builds the ATR it reports for an ISO 14443 Type B device:
 * - `part3`: PC/SC part 3 §3.1.3.2.3 — `3B 88 80 01` + ATQB application data (4) + protocol info (3) + MBLI byte + TCK;
 *   stable per card type (OpenSC PR #3744).
 * - `full-atqb`: the whole ATQB as historical bytes — `3B 8C 80 01 50` + PUPI (4) + application data (4) + protocol
 *   info (3) + TCK, as in the `3B 8C 80 01 50 …` entries of pcsc-tools' smartcard_list.txt; a device with a random PUPI
 *   (a phone) then shows a different ATR on every tap (OpenSC #3021).
 */

/**
 * A general-purpose (汎用) contactless USB reader as a host sees it through PC/SC: its name and the limits that make
 * reads fail in the field. Public values say where they come from in `notes`; the rest is modelled and said so.
 */
export interface UsbReaderProfile {
  /** Short key, e.g. `rc-s300-p`. */
  readonly id: string;
  /** The reader name as public tools show it, e.g. `SONY FeliCa RC-S300/P`. */
  readonly name: string;
  /** The USB product string the OS smart-card stack builds its PC/SC name from, e.g. `SONY FeliCa Port/PaSoRi 4.0`. */
  readonly friendlyName: string;
  /**
   * Largest CCID message in one exchange (`dwMaxCCIDMessageLength`, including the 10-byte CCID header), so the largest
   * command or response APDU the reader carries is `maxMessageBytes - 10`. Longer ones fail like a short-APDU-level
   * CCID reader's ("Command too long" → `SCARD_E_NOT_TRANSACTED`).
   */
  readonly maxMessageBytes: number;
  /** Whether the reader takes extended-length APDUs; when false they fail with `SCARD_E_NOT_TRANSACTED`. */
  readonly extendedApdus: boolean;
  /** T=1 IFSD of the reader (informational: exchanges are at APDU level, so the model does not use it). */
  readonly ifsd: number;
  /**
   * How long the reader waits for the device's answer to one command before it gives the tag up ("tag was lost").
   * ISO 14443-4 lets a device ask for more time (WTX) up to about 5 s; some readers stop much earlier.
   */
  readonly responseTimeoutMs: number;
  /** How the reader builds the ATR from the ATQB. */
  readonly atrStyle: AtrStyle;
  /** What is public (with sources) and what is modelled. */
  readonly notes: string;
}
