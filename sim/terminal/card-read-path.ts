import { X509Certificate, verify as verifySignature } from "node:crypto";
import { JpkiFile } from "../cards/jpki-application.ts";
import { type JpkiAuthority, verifyCertificate } from "../pki/index.ts";
import type { Transceiver } from "../transport/transceiver.ts";
import type { CardReadOutcome } from "./card-read-outcome.ts";
import { JpkiClient } from "./jpki-client.ts";

/** What the counter does with one card: the PIN attempts the patient makes and a fresh challenge to sign. */
export interface CardReadRequest {
  /** The PINs the patient types, in order; the read stops at the first accepted one. Never logged. */
  pinAttempts: readonly string[];
  /** A fresh random challenge, signed by the card's auth key. */
  challenge: Uint8Array;
  /** The test authority the certificate must chain to. */
  authority: JpkiAuthority;
  /** Days or months of grace after expiry: 3 months for a card, none for a phone. */
  graceAfterExpiryMonths: number;
  /** The date the certificate is checked at (default now). */
  at?: Date;
}

/** The outcome and what the read produced. */
export interface CardReadResult {
  outcome: CardReadOutcome;
  /** The auth certificate read from the device, when the read got that far. */
  certificate?: Uint8Array;
}

/**
 * The card part of an online qualification, over any {@link Transceiver}: SELECT the JPKI AP, read the
 * user-authentication certificate, VERIFY the PIN as the patient types it, sign the challenge, then check the signature
 * and the certificate (chain to the test CA, revocation, expiry with the grace the device kind allows).
 * The national service is not in this step: until the online qualification service exists, the certificate is checked
 * here against the test CA.
 */
export async function readCardForQualification(link: Transceiver, request: CardReadRequest): Promise<CardReadResult> {
  const client = new JpkiClient(link);
  let certificate: Uint8Array;
  try {
    await client.selectApplication();
    certificate = await client.readAuthCertificate();
  } catch (e) {
    return { outcome: { kind: "read-failed", code: "001", detail: (e as Error).message } };
  }
  let verified = false;
  for (const pin of request.pinAttempts) {
    const v = await client.verify(JpkiFile.AUTH_PIN, pin);
    if (v.verified) {
      verified = true;
      break;
    }
    if (v.blocked) return { outcome: { kind: "pin-blocked" }, certificate };
  }
  if (!verified) {
    const triesLeft = await client.triesLeft(JpkiFile.AUTH_PIN);
    return { outcome: triesLeft === 0 ? { kind: "pin-blocked" } : { kind: "pin-wrong", triesLeft }, certificate };
  }
  let signature: Uint8Array;
  try {
    signature = await client.signWithAuthKey(request.challenge);
  } catch (e) {
    return { outcome: { kind: "read-failed", code: "001", detail: (e as Error).message }, certificate };
  }
  let publicKeyOk: boolean;
  try {
    publicKeyOk = verifySignature("sha256", request.challenge, new X509Certificate(certificate).publicKey, signature);
  } catch {
    return { outcome: { kind: "certificate-invalid", code: "006", reason: "malformed" }, certificate };
  }
  if (!publicKeyOk) return { outcome: { kind: "signature-invalid" }, certificate };
  const verdict = await verifyCertificate(request.authority, "auth", certificate, {
    graceAfterExpiryMonths: request.graceAfterExpiryMonths,
    ...(request.at ? { at: request.at } : {}),
  });
  if (!verdict.ok) return { outcome: { kind: "certificate-invalid", code: "006", reason: verdict.reason }, certificate };
  return { outcome: { kind: "qualified", inGrace: verdict.inGrace }, certificate };
}
