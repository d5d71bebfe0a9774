import { type CertificateKind, type JpkiAuthority, KeyStore } from "../pki/index.ts";
import { resolveCredentials, type CardCredentials } from "./card-credentials.ts";
import { certificateValidity } from "./certificate-validity.ts";
import { type CardKeyMaterial, issueCardKeyMaterial } from "./card-key-material.ts";
import { MyNumberCard } from "./my-number-card.ts";
import { type Persona } from "../personas/index.ts";

/** Where and when a card is issued. */
export interface CardIssueOptions {
  authority: JpkiAuthority;
  /** Key cache; default the process-wide {@link KeyStore.shared}. */
  keyStore?: KeyStore;
  /** The reference date the persona's certificate status is relative to; default now. */
  now?: Date;
  /** PIN and password overrides; defaults: auth PIN 1234, signing password MYNA2025. */
  credentials?: Partial<CardCredentials>;
}

/**
 * Issues the JPKI material for a persona: RSA-2048 keys from the key cache (slots `persona:<id>:auth|sign`),
 * certificates from the test authority with the validity the persona's certificate status calls for,
 * and revocation at the authority for a `revoked` persona.
 */
export async function issueKeyMaterial(persona: Persona, options: CardIssueOptions): Promise<CardKeyMaterial> {
  const { authority } = options;
  const keyStore = options.keyStore ?? KeyStore.shared();
  const now = options.now ?? new Date();
  const validity = certificateValidity(persona.certificateStatus, now);
  const holder = { name: persona.name, nameKana: persona.nameKana, birthDate: persona.birthDate, sex: persona.sex, address: persona.address };
  const issue = async (kind: CertificateKind) => {
    const keys = await keyStore.keyPair(`persona:${persona.id}:${kind}`);
    const certificate = await authority.issue({ kind, publicKey: keys.publicKey, holder, ...validity });
    if (persona.certificateStatus === "revoked") {
      authority.revoke(kind, certificate.serialNumber, { date: now, reason: "unspecified" });
    }
    return { keys, certificate };
  };
  return issueCardKeyMaterial(authority, issue);
}

/** Issues a new My Number Card for `persona`. */
export async function issueMyNumberCard(persona: Persona, options: CardIssueOptions): Promise<MyNumberCard> {
  const keys = await issueKeyMaterial(persona, options);
  return new MyNumberCard(persona, keys, resolveCredentials(options.credentials));
}
