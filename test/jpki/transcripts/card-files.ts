import { constants, publicDecrypt } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { CardUnderTest } from "../clients/card-under-test.ts";

/** The stored bytes of a binary EF of the card under test (to size expected reads). */
export function fileContent(cut: CardUnderTest, aid: Uint8Array, fid: number): Uint8Array {
  const file = cut.card.elementaryFile(aid, fid);
  if (file?.kind !== "binary") throw new Error(`no binary EF ${fid.toString(16)}`);
  return file.content;
}

/** The payload of a PKCS#1 v1.5 type-1 signature (what the card padded), or throws when the padding is wrong. */
export function pkcs1Payload(signature: Uint8Array, key: KeyObject): Uint8Array {
  return new Uint8Array(publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature));
}

/** The ISO 5218 digit the card writes for the persona's sex. */
export function sexDigit(cut: CardUnderTest): string {
  const sex = cut.card.persona.sex;
  return sex === "male" ? "1" : sex === "female" ? "2" : "9";
}
