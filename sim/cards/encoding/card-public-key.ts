import type { KeyObject } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import { cardTlv } from "./card-tlv.ts";

/** RSA-2048 modulus size in bytes. */
const MODULUS_BYTES = 256;

/**
 * An RSA public key as the card-info and card-face APs store it: `90 <exponent> 91 82 01 00 <modulus>` (e.g. card-face
 * `0002/DF24`, text `0007/DF51`, the CV certificate body; myna-card `RsaPublicKey`, jsapdu `decodePublicKey`).
 */
export function cardPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  if (jwk.n === undefined || jwk.e === undefined) throw new TypeError("not an RSA key");
  const modulus = Buffer.from(jwk.n, "base64url");
  if (modulus.length !== MODULUS_BYTES) throw new RangeError(`expected an RSA-2048 key, got ${modulus.length * 8} bits`);
  return concatBytes(cardTlv(0x90, Buffer.from(jwk.e, "base64url")), cardTlv(0x91, modulus));
}
