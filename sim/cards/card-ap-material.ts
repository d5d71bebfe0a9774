import { createHash } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { Persona } from "../personas/index.ts";
import type { KeyStore, RsaKeyPair } from "../pki/index.ts";
import type { CardApAuthority } from "./card-ap-authority.ts";
import { keyIdentifier } from "./encoding/key-identifier.ts";

/**
 * The keys and certificates of a card's card-info and card-face APs, one set per card, from the key cache:
 * - `recordKey` (slot `persona:<id>:card-ap-records`): the key certified in both APs' EF 0004 that signs their records
 *   (myna-card: the card-info integrity record is signed by "the same issuer key that signs the 券面事項確認AP records");
 *   on real cards it is the municipality's key, here one per card (modelled);
 * - `cardInfoKey` (`…:card-info`): the card-info AP's own key `0013`, public half in `0007/DF51`;
 * - `sessionKey` (`…:card-info-session`): the card-info AP's `0006` key a terminal encrypts a session key to;
 * - `cardFaceKey` (`…:card-face`): the card-face AP's own key `001A`, public half in `0001/DF12`, `0002/DF24`,
 *   `0005/DF42` (modelled: whether it is the same key as the card-info AP's is not public).
 */
export interface CardApMaterial {
  recordKey: RsaKeyPair;
  /** 被証明者鍵ID of the record key. */
  recordKeyId: Uint8Array;
  /** Card-info EF 0004. */
  cardInfoCertificate: Uint8Array;
  /** Card-face EF 0004. */
  cardFaceCertificate: Uint8Array;
  cardInfoKey: RsaKeyPair;
  sessionKey: KeyObject;
  cardFaceKey: RsaKeyPair;
}

/** Loads the persona's AP keys from the cache and certifies the record key for both APs. */
export async function issueCardApMaterial(persona: Pick<Persona, "id">, keyStore: KeyStore, authority: CardApAuthority): Promise<CardApMaterial> {
  const slot = (name: string) => keyStore.keyPair(`persona:${persona.id}:${name}`);
  const [recordKey, cardInfoKey, session, cardFaceKey] = await Promise.all([slot("card-ap-records"), slot("card-info"), slot("card-info-session"), slot("card-face")]);
  // 被証明者鍵ID: "9" + six digits derived from the persona, group 001 (modelled; real cards name the municipality's key).
  const digits = String(createHash("sha256").update(`card-ap-records:${persona.id}`).digest().readUInt32BE(0) % 1_000_000).padStart(6, "0");
  const recordKeyId = keyIdentifier(`9${digits}`);
  return {
    recordKey,
    recordKeyId,
    cardInfoCertificate: authority.certify("card-info", recordKeyId, recordKey.publicKey),
    cardFaceCertificate: authority.certify("card-face", recordKeyId, recordKey.publicKey),
    cardInfoKey,
    sessionKey: session.publicKey,
    cardFaceKey,
  };
}
