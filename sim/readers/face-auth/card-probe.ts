import { CommandApdu } from "../../apdu/command-apdu.ts";
import { StatusWord } from "../../apdu/status-word.ts";
import { Aid } from "../../jpki/index.ts";
import { type Transceiver } from "../../apdu/index.ts";
import { JpkiClient } from "../../jpki/jpki-client.ts";
import { checkCertificateExpiry, type ExpiryCheck } from "./certificate-expiry.ts";
import { describeReadError, statusWordOf } from "./device-read-error.ts";

/** What the reader learns from the device on its card slot. */
export type CardProbeOutcome =
  | { kind: "card"; certificate: Uint8Array; expiry: ExpiryCheck }
  | { kind: "certificate-expired"; certificate: Uint8Array; expiry: ExpiryCheck }
  | { kind: "phone" }
  | { kind: "no-chip"; detail: string }
  | { kind: "not-my-number-card"; statusWord: number }
  | { kind: "read-failed"; detail: string };

/** What {@link probeCard} needs besides the link. */
export interface CardProbeOptions {
  /** The reader's date for the expiry check. */
  at: Date;
  alertMonths: number;
  graceMonths: number;
}

/**
 * The first read of a device placed on a face-auth reader's card slot, in real APDUs:
 * 1. SELECT JPKI — nothing parseable back: no chip; refused (`6A82`): not a My Number Card (002);
 * 2. SELECT the card-face AP — refused: a JPKI token without the card's other applications, i.e. a phone
 *    (modelled: how a real reader tells a phone on its card antenna is not public; the phone holding only the JPKI AP is);
 * 3. SELECT JPKI again, read the auth certificate (4-byte header, then chunks);
 * 4. judge its dates locally (alert window; the card's grace) — revocation is left to the online service.
 * Any failure after the first answer (device gone, error status) is a read failure (001).
 */
export async function probeCard(link: Transceiver, options: CardProbeOptions): Promise<CardProbeOutcome> {
  const client = new JpkiClient(link);
  try {
    await client.selectApplication(Aid.JPKI);
  } catch (error) {
    const sw = statusWordOf(error);
    if (sw === undefined) return { kind: "no-chip", detail: describeReadError(error) };
    return { kind: "not-my-number-card", statusWord: sw };
  }
  let certificate: Uint8Array;
  try {
    const face = await client.send(selectCardFace());
    if (face.sw === StatusWord.FILE_NOT_FOUND) return { kind: "phone" };
    await client.selectApplication(Aid.JPKI);
    certificate = await client.readAuthCertificate();
  } catch (error) {
    return { kind: "read-failed", detail: describeReadError(error) };
  }
  let expiry: ExpiryCheck;
  try {
    expiry = checkCertificateExpiry(certificate, options.at, { alertMonths: options.alertMonths, graceMonths: options.graceMonths });
  } catch (error) {
    return { kind: "read-failed", detail: `certificate unreadable: ${describeReadError(error)}` };
  }
  return expiry.status === "expired" ? { kind: "certificate-expired", certificate, expiry } : { kind: "card", certificate, expiry };
}

/** SELECT the card-face AP (`00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02`), answered whatever the status. */
function selectCardFace(): CommandApdu {
  return CommandApdu.of({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Aid.CARD_FACE });
}
