import { webcrypto } from "node:crypto";
import type { KeyObject } from "node:crypto";

/** A WebCrypto key (node's type; the project has no DOM lib). */
export type CryptoKey = webcrypto.CryptoKey;

/** RSASSA-PKCS1-v1_5 with SHA-256: the only signature algorithm of the test JPKI. */
export const signatureAlgorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/** A non-extractable WebCrypto signing key from a node private key (Node 20 has no `KeyObject.toCryptoKey`). */
export async function toSigningKey(privateKey: KeyObject): Promise<CryptoKey> {
  const pkcs8 = privateKey.export({ type: "pkcs8", format: "der" });
  return webcrypto.subtle.importKey("pkcs8", pkcs8, signatureAlgorithm, false, ["sign"]);
}

/** SubjectPublicKeyInfo DER of a node public key. */
export function toSpki(publicKey: KeyObject): Uint8Array {
  return new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
}
