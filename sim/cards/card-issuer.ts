import { type CertificateKind, type JpkiAuthority, KeyStore } from "../pki/index.ts";
import { BUILT_IN_PERSONAS, holdsSigningCertificate, type Persona, residentAddress, residentName, SIGNING_CERTIFICATE_MINIMUM_AGE } from "../personas/index.ts";
import { CardApAuthority } from "./card-ap-authority.ts";
import { issueCardApMaterial } from "./card-ap-material.ts";
import { resolveCredentials, type CardCredentials } from "./card-credentials.ts";
import { certificateValidity } from "./certificate-validity.ts";
import { MyNumberCard } from "./my-number-card.ts";
import type { MyNumberCardMaterial } from "./my-number-card-material.ts";

/** Where and when a card is issued. */
export interface CardIssueOptions {
  authority: JpkiAuthority;
  /** The card-verifiable-certificate authority of the card-info and card-face APs; default one on the same key cache. */
  apAuthority?: CardApAuthority;
  /** Key cache; default the process-wide {@link KeyStore.shared}. */
  keyStore?: KeyStore;
  /**
   * The reference date: the day the card is issued (a holder under 15 on it gets no signing certificate) and the day the
   * persona's certificate status is relative to; default now.
   */
  now?: Date;
  /** PIN and password overrides; defaults: auth PIN 1234, signing password MYNA2025. */
  credentials?: Partial<CardCredentials>;
}

/** The holder's 15th birthday (UTC midnight). */
function fifteenthBirthday(persona: Pick<Persona, "birthDate">): Date {
  const [y, m, d] = persona.birthDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y + SIGNING_CERTIFICATE_MINIMUM_AGE, m - 1, d));
}

/** Whether `persona` is a catalogue persona as the catalogue has it (same ID and certificate state). */
function isCataloguePersona(persona: Persona): boolean {
  return BUILT_IN_PERSONAS.some((p) => p.id === persona.id && p.certificateStatus === persona.certificateStatus);
}

/**
 * Issues the material for a persona's card: RSA-2048 keys from the key cache (slots `persona:<id>:auth|sign` and the
 * AP slots of `issueCardApMaterial`), JPKI certificates from the test authority with the validity the persona's
 * certificate status calls for, and the card-info / card-face APs' card-verifiable certificates.
 * A catalogue persona's certificates get serials derived from the persona and the validity (`personaId`, so the card
 * issued for the same reference date is the same in every process) and a `revoked` one's are revoked by the authority
 * in every process (derived from the catalogue, docs/domain/rules.md "Revocation"); a persona of the caller's own with
 * the `revoked` state gets random serials revoked in this process's authority at the reference date. A holder under 15 on the issue date gets no signing certificate; a signing certificate
 * never starts before the 15th birthday.
 */
export async function issueKeyMaterial(persona: Persona, options: CardIssueOptions): Promise<MyNumberCardMaterial> {
  const { authority } = options;
  const keyStore = options.keyStore ?? KeyStore.shared();
  const now = options.now ?? new Date();
  const validity = certificateValidity(persona.certificateStatus, now);
  const holder = { name: residentName(persona), birthDate: persona.birthDate, sex: persona.sex, address: residentAddress(persona) };
  const issue = async (kind: CertificateKind) => {
    const keys = await keyStore.keyPair(`persona:${persona.id}:${kind}`);
    const earliest = kind === "sign" ? fifteenthBirthday(persona) : validity.notBefore;
    const notBefore = earliest > validity.notBefore && earliest < validity.notAfter ? earliest : validity.notBefore;
    const catalogue = isCataloguePersona(persona);
    const certificate = await authority.issue({ kind, publicKey: keys.publicKey, holder, notBefore, notAfter: validity.notAfter, ...(catalogue ? { personaId: persona.id } : {}) });
    if (persona.certificateStatus === "revoked" && !catalogue) {
      authority.revoke(kind, certificate.serialNumber, { date: now, reason: "unspecified" });
    }
    return { keys, certificate };
  };
  const apAuthority = options.apAuthority ?? (await CardApAuthority.create({ keyStore }));
  const [auth, sign, applications] = await Promise.all([
    issue("auth"),
    holdsSigningCertificate(persona, now) ? issue("sign") : Promise.resolve(undefined),
    issueCardApMaterial(persona, keyStore, apAuthority),
  ]);
  return {
    authCertificate: auth.certificate,
    authCaCertificate: authority.caCertificate("auth").der,
    signCaCertificate: authority.caCertificate("sign").der,
    authKey: auth.keys.privateKey,
    ...(sign ? { signCertificate: sign.certificate, signKey: sign.keys.privateKey } : {}),
    applications,
  };
}

/** Issues a new My Number Card for `persona`. */
export async function issueMyNumberCard(persona: Persona, options: CardIssueOptions): Promise<MyNumberCard> {
  const material = await issueKeyMaterial(persona, options);
  return new MyNumberCard(persona, material, resolveCredentials(options.credentials));
}
