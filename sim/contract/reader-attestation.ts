import { createHash, sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";

/**
 * MODELLED: how a face-auth reader vouches for a face match or a staff visual check (the card's key cannot sign without
 * its PIN). How real readers prove this to the national system is not public. Here the reader signs
 * SHA-256(challenge ‖ SHA-256(certificate)) with its own device key (RSA PKCS#1 v1.5 or ECDSA, as the key is), and the
 * facility registers the reader's public key with the service beforehand.
 */
export function readerAttestationPayload(challenge: Uint8Array, certificate: Uint8Array): Uint8Array {
  const payload = new Uint8Array(challenge.length + 32);
  payload.set(challenge, 0);
  payload.set(createHash("sha256").update(certificate).digest(), challenge.length);
  return payload;
}

/** The reader's signature over the attestation payload (what a reader model puts in `readerAttestation.signature`). */
export function signReaderAttestation(readerKey: KeyObject, challenge: Uint8Array, certificate: Uint8Array): Uint8Array {
  return new Uint8Array(sign("sha256", readerAttestationPayload(challenge, certificate), readerKey));
}

/** Whether `signature` is the registered reader's attestation of this challenge and certificate. Never throws. */
export function verifyReaderAttestation(readerPublicKey: KeyObject, challenge: Uint8Array, certificate: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify("sha256", readerAttestationPayload(challenge, certificate), readerPublicKey, signature);
  } catch {
    return false;
  }
}
