import { createHash, sign, verify, type KeyObject } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";

/** The bytes a reader signs for a face or visual check: challenge ‖ SHA-256(certificate). */
export function readerAttestationMessage(challenge: Uint8Array, certificate: Uint8Array): Uint8Array {
  return concatBytes(challenge, createHash("sha256").update(certificate).digest());
}

/**
 * The reader's RSA PKCS#1 v1.5 signature over SHA-256(challenge ‖ SHA-256(certificate)), made with its own key:
 * how a reader vouches for a face match or a staff visual check, where the card's key cannot be used without the PIN.
 * Modelled: how real readers prove this to the national system is not public.
 */
export function signReaderAttestation(privateKey: KeyObject, challenge: Uint8Array, certificate: Uint8Array): Uint8Array {
  return new Uint8Array(sign("sha256", readerAttestationMessage(challenge, certificate), privateKey));
}

/** Whether `signature` is the reader attestation of `challenge` and `certificate` under `publicKey`. */
export function verifyReaderAttestation(publicKey: KeyObject, challenge: Uint8Array, certificate: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify("sha256", readerAttestationMessage(challenge, certificate), publicKey, signature);
  } catch {
    return false;
  }
}
