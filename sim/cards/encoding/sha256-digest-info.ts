import { concatBytes } from "../../apdu/tlv.ts";

/** `30 0D 06 09 <sha256 OID> 05 00`: the AlgorithmIdentifier of SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_ALGORITHM = Uint8Array.of(0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00);

/**
 * A SHA-256 DigestInfo around `digest`. Usually 32 bytes; the card-face AP's EF 0002 signature puts three concatenated
 * digests (96 bytes) in one DigestInfo, `30 71 … 04 60 <96 B>` (myna-card `sha256_digest_info`).
 */
export function sha256DigestInfoOf(digest: Uint8Array): Uint8Array {
  if (digest.length > 0x7f - SHA256_ALGORITHM.length - 2) throw new RangeError("digest too long for a short-form DigestInfo");
  const octets = concatBytes(Uint8Array.of(0x04, digest.length), digest);
  const inner = SHA256_ALGORITHM.length + octets.length;
  return concatBytes(Uint8Array.of(0x30, inner), SHA256_ALGORITHM, octets);
}
