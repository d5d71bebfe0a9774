import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyReaderAttestation as serviceVerifies, readerAttestationPayload, signReaderAttestation, verifyReaderAttestation } from "../../sim/contract/index.ts";

describe("reader attestation", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const challenge = Uint8Array.from({ length: 32 }, (_, i) => i);
  const certificate = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);

  it("signs challenge ‖ SHA-256(certificate), and the online service's check accepts it", () => {
    expect(Buffer.from(readerAttestationPayload(challenge, certificate))).toEqual(Buffer.concat([challenge, createHash("sha256").update(certificate).digest()]));
    const signature = signReaderAttestation(privateKey, challenge, certificate);
    expect(signature.length).toBe(256);
    expect(verifyReaderAttestation(publicKey, challenge, certificate, signature)).toBe(true);
    expect(serviceVerifies(publicKey, challenge, certificate, signature)).toBe(true);
  });

  it("fails for another certificate, another challenge or a damaged signature", () => {
    const signature = signReaderAttestation(privateKey, challenge, certificate);
    expect(verifyReaderAttestation(publicKey, challenge, certificate.slice(1), signature)).toBe(false);
    expect(verifyReaderAttestation(publicKey, challenge.slice(1), certificate, signature)).toBe(false);
    const damaged = signature.slice();
    damaged[0] = (damaged[0] ?? 0) ^ 1;
    expect(verifyReaderAttestation(publicKey, challenge, certificate, damaged)).toBe(false);
    expect(verifyReaderAttestation(publicKey, challenge, certificate, new Uint8Array(3))).toBe(false);
  });
});
