import { verify } from "node:crypto";
import type { KeyObject, X509Certificate } from "node:crypto";
import type { JpkiAuthority } from "../pki/jpki-authority.ts";
import type { DeviceKind, IdentityMethod } from "../contract/identity-proof.ts";
import { checkAuthCertificate } from "./certificate-check.ts";
import type { CertificateLink, CertificateLinks } from "./certificate-links.ts";
import { verifyReaderAttestation } from "../contract/index.ts";

/** Months of grace after a certificate's expiry, per device kind (docs/domain/rules.md: card 3, phone none). */
export type ExpiryGrace = Readonly<Record<DeviceKind, number>>;

/** The rule of docs/domain/rules.md: a card keeps working for 3 months after its certificate expires; a phone does not. */
export const DEFAULT_EXPIRY_GRACE: ExpiryGrace = Object.freeze({ card: 3, iphone: 0, android: 0 });

/**
 * The identity checks each device kind allows (docs/domain/counter-flow.md): the card by face match, PIN or staff visual check;
 * the iPhone by Face ID / Touch ID; Android by the certificate's PIN.
 */
export const ALLOWED_METHODS: Readonly<Record<DeviceKind, readonly IdentityMethod[]>> = Object.freeze({
  card: ["face", "pin", "visual"],
  iphone: ["biometric"],
  android: ["pin"],
});

/** A proof that passed validation: decoded bytes and the parsed certificate. */
export interface CheckedProofInput {
  deviceKind: DeviceKind;
  method: IdentityMethod;
  certificate: Uint8Array;
  parsedCertificate: X509Certificate;
  challenge: Uint8Array;
  deviceSignature?: Uint8Array;
  readerAttestation?: { readerId: string; signature: Uint8Array };
}

/** The outcome of {@link checkIdentityProof}. */
export type ProofVerdict =
  | { ok: true; deviceKind: DeviceKind; link?: CertificateLink; inGrace: boolean; serialNumber: string }
  | { ok: false; code: string; message: string };

/** What the check needs from the service. */
export interface ProofContext {
  authority: JpkiAuthority;
  links: CertificateLinks;
  grace: ExpiryGrace;
  /** The facility's registered readers. */
  readerKey: (readerId: string) => KeyObject | undefined;
  now: Date;
}

const certificateMessages: Readonly<Record<string, string>> = {
  "wrong-issuer": "the certificate is not a user-authentication certificate of the JPKI CA",
  "bad-signature": "the certificate's signature does not verify against the JPKI CA",
  "not-yet-valid": "the certificate is not yet valid",
  expired: "the certificate has expired (reader message 006)",
  revoked: "the certificate is revoked (reader message 006)",
  malformed: "the certificate cannot be read",
};

/**
 * The service's checks of one identity proof, after the challenge was accepted: the method suits the device kind;
 * the device kind is the one the certificate was issued for (when linked); the certificate chains to the JPKI CA, is
 * not revoked and not expired beyond the kind's grace; and the proof signs the challenge — the device's auth key for
 * `pin`/`biometric` (RSA PKCS#1 v1.5 over SHA-256(challenge)), a reader registered by this facility for `face`/`visual`.
 */
export function checkIdentityProof(input: CheckedProofInput, context: ProofContext): ProofVerdict {
  if (!ALLOWED_METHODS[input.deviceKind].includes(input.method)) {
    return { ok: false, code: "method-not-allowed", message: `identity method "${input.method}" is not allowed for a ${input.deviceKind} (allowed: ${ALLOWED_METHODS[input.deviceKind].join(", ")})` };
  }
  const serial = input.parsedCertificate.serialNumber;
  const link = context.links.resolve(serial, () => input.parsedCertificate.publicKey);
  if (link !== undefined && link.deviceKind !== input.deviceKind) {
    return { ok: false, code: "device-kind-mismatch", message: `the certificate was issued for a ${link.deviceKind}, not a ${input.deviceKind}` };
  }
  const deviceKind = link?.deviceKind ?? input.deviceKind;
  const verdict = checkAuthCertificate(context.authority, input.parsedCertificate, { at: context.now, graceAfterExpiryMonths: context.grace[deviceKind] });
  if (!verdict.ok) return { ok: false, code: `certificate-${verdict.reason}`, message: certificateMessages[verdict.reason] ?? verdict.reason };

  if (input.method === "pin" || input.method === "biometric") {
    let valid: boolean;
    try {
      valid = input.deviceSignature !== undefined && verify("sha256", input.challenge, input.parsedCertificate.publicKey, input.deviceSignature);
    } catch {
      valid = false;
    }
    if (!valid) return { ok: false, code: "signature-invalid", message: "the device signature does not verify with the certificate's key" };
  } else {
    const attestation = input.readerAttestation;
    const key = attestation === undefined ? undefined : context.readerKey(attestation.readerId);
    if (attestation === undefined || key === undefined) {
      return { ok: false, code: "reader-unknown", message: `reader ${JSON.stringify(attestation?.readerId ?? "")} is not registered by this facility` };
    }
    if (!verifyReaderAttestation(key, input.challenge, input.certificate, attestation.signature)) {
      return { ok: false, code: "attestation-invalid", message: "the reader attestation does not verify with the registered reader key" };
    }
  }
  return { ok: true, deviceKind, ...(link !== undefined ? { link } : {}), inGrace: verdict.inGrace, serialNumber: verdict.serialNumber };
}
