import { createPublicKey, type KeyObject } from "node:crypto";
import { readTlv } from "../../../sim/apdu/index.ts";

/** A node public key from the card's `90 <exponent> 91 <modulus>` form (as myna-card `RsaPublicKey::parse` reads it). */
export function publicKeyFrom9091(bytes: Uint8Array): KeyObject {
  const e = readTlv(bytes, 0);
  const n = readTlv(bytes, e.next);
  if (e.tlv.tag !== 0x90 || n.tlv.tag !== 0x91) throw new Error("not a 90/91 public key");
  return createPublicKey({ key: { kty: "RSA", e: Buffer.from(e.tlv.value).toString("base64url"), n: Buffer.from(n.tlv.value).toString("base64url") }, format: "jwk" });
}
