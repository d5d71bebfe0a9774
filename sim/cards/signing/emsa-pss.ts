import { createHash } from "node:crypto";

const HASH_LENGTH = 32;

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const p of parts) hash.update(p);
  return new Uint8Array(hash.digest());
}

/** MGF1 with SHA-256 (RFC 8017 §B.2.1). */
function mgf1(seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, offset = 0; offset < length; counter++, offset += HASH_LENGTH) {
    const block = sha256(seed, Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff));
    out.set(block.subarray(0, Math.min(HASH_LENGTH, length - offset)), offset);
  }
  return out;
}

/**
 * EMSA-PSS-ENCODE (RFC 8017 §9.1.1) of a SHA-256 hash with MGF1-SHA-256: the block a card pads a pre-hashed input to
 * before the raw RSA operation (COMPUTE DIGITAL SIGNATURE schemes `04` and `05`). `emBits` is the modulus size − 1.
 */
export function emsaPssEncode(messageHash: Uint8Array, salt: Uint8Array, emBits: number): Uint8Array {
  if (messageHash.length !== HASH_LENGTH) throw new RangeError("EMSA-PSS here takes a SHA-256 hash");
  const emLength = Math.ceil(emBits / 8);
  if (emLength < HASH_LENGTH + salt.length + 2) throw new RangeError("modulus too small for this salt");
  const h = sha256(new Uint8Array(8), messageHash, salt);
  const db = new Uint8Array(emLength - HASH_LENGTH - 1);
  db[db.length - salt.length - 1] = 0x01;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (mask[i] as number);
  db[0] = (db[0] as number) & (0xff >>> (8 * emLength - emBits));
  const em = new Uint8Array(emLength);
  em.set(db, 0);
  em.set(h, db.length);
  em[emLength - 1] = 0xbc;
  return em;
}
