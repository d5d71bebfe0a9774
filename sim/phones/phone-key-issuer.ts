import { type CardKeyMaterial, issueCardKeyMaterial } from "../cards/index.ts";
import type { CertificateKind, IssuedCertificate, JpkiAuthority, KeyStore } from "../pki/index.ts";
import { phoneCertificateValidity } from "./phone-certificate-policy.ts";

import { type Persona } from "../personas/index.ts";
/** What {@link issuePhoneKeyMaterial} needs. */
export interface PhoneKeyIssueOptions {
  authority: JpkiAuthority;
  keyStore: KeyStore;
  /** The day the card is added. */
  now: Date;
  /** The card's certificates, whose expiry the phone's follow. */
  cardCertificates: Readonly<Record<CertificateKind, Pick<IssuedCertificate, "notAfter">>>;
}

/**
 * Issues a phone's own JPKI material: RSA-2048 keys from the key cache (slots `phone:<persona>:<generation>:auth|sign`,
 * so each phone the person uses gets different keys) and smartphone certificates from the authority, separate from the card's.
 */
export async function issuePhoneKeyMaterial(persona: Persona, generation: number, options: PhoneKeyIssueOptions): Promise<CardKeyMaterial> {
  const { authority, keyStore, now } = options;
  const holder = { name: persona.name, nameKana: persona.nameKana, birthDate: persona.birthDate, sex: persona.sex, address: persona.address };
  const issue = async (kind: CertificateKind) => {
    const keys = await keyStore.keyPair(`phone:${persona.id}:${generation}:${kind}`);
    const certificate = await authority.issue({ kind, publicKey: keys.publicKey, holder, ...phoneCertificateValidity(options.cardCertificates[kind], now) });
    return { keys, certificate };
  };
  return issueCardKeyMaterial(authority, issue);
}
