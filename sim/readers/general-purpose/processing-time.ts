import { type ApduDevice } from "../../apdu/index.ts";

/**
 * How long a device takes to answer `command` with `response`, in ms (modelled: devices do not publish it). The reader
 * waits that long for the answer, or gives the tag up when it exceeds the reader's response time-out.
 */
export type ProcessingTime = (command: Uint8Array, response: Uint8Array, device: ApduDevice) => number;

/** Options of {@link processingTime}. */
export interface ProcessingTimeOptions {
  /** Time for an ordinary APDU (default 0). */
  apduMs?: number;
  /**
   * Time for a signature (INS `2A`, COMPUTE DIGITAL SIGNATURE / PSO, answered `9000`) (default 0). Modelled; a phone's
   * secure element or iOS token takes roughly 300–1500 ms, an RSA-2048 card a few hundred ms. A refused signature
   * (e.g. `6982`) takes `apduMs`.
   */
  signatureMs?: number;
}

/** INS of COMPUTE DIGITAL SIGNATURE (JPKI `80 2A 00 80`) and of ISO PERFORM SECURITY OPERATION. */
const INS_SIGN = 0x2a;

/** A {@link ProcessingTime} with one figure for signatures made and one for everything else. */
export function processingTime(options: ProcessingTimeOptions = {}): ProcessingTime {
  const apduMs = Math.max(0, options.apduMs ?? 0);
  const signatureMs = Math.max(0, options.signatureMs ?? 0);
  return (command, response) => {
    const n = response.length;
    const signed = command.length >= 4 && command[1] === INS_SIGN && n >= 2 && response[n - 2] === 0x90 && response[n - 1] === 0x00;
    return signed ? signatureMs : apduMs;
  };
}
