import { createHash } from "node:crypto";
import { BUILT_IN_PERSONAS } from "../personas/index.ts";
import type { CertificateKind } from "./certificate-kind.ts";
import { serialNumberFromBytes } from "./_internals/serial-number.ts";

/** The validity period a certificate states (what a verifier reads from it). */
export interface CertificatePeriod {
  notBefore: Date;
  notAfter: Date;
}

/** Whole seconds since the epoch, as a certificate writes its dates. */
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * MODELLED: the serial number of a persona's card certificate, derived from the authority's name, the kind, the persona
 * and the validity written into the certificate (whole seconds): the same card issued for the same reference date gets
 * the same serial in every process, and any process can tell from a certificate alone whether it is that persona's card
 * certificate. A positive 16-octet serial like the random ones (first octet 0x40..0x7f).
 */
export function personaCardSerialNumber(authorityName: string, kind: CertificateKind, personaId: string, period: CertificatePeriod): string {
  const digest = createHash("sha256").update(`myna-hil persona card\u0000${authorityName}\u0000${kind}\u0000${personaId}\u0000${seconds(period.notBefore)}\u0000${seconds(period.notAfter)}`).digest();
  return serialNumberFromBytes(digest);
}

/** The built-in personas whose certificates the catalogue says are revoked (`certificateStatus: "revoked"`, e.g. P0008). */
export const CATALOGUE_REVOKED_PERSONAS: readonly string[] = Object.freeze(BUILT_IN_PERSONAS.filter((p) => p.certificateStatus === "revoked").map((p) => p.id));

/** Answers of {@link catalogueRevokedHolder} (null: none), oldest first out. */
const knownHolders = new Map<string, string | null>();
const KNOWN_HOLDERS_CAPACITY = 8192;

/**
 * MODELLED: whether a certificate (serial + stated validity) is the card certificate of a persona the catalogue says is
 * revoked: the revocation every authority derives by itself, in any process (a deterministic CRL). Effective from the
 * certificate's notBefore. Returns the persona ID, or undefined.
 */
export function catalogueRevokedHolder(authorityName: string, kind: CertificateKind, serialNumber: string, period: CertificatePeriod): string | undefined {
  // A pure function of its arguments: remembered, since a service asks it for the same certificate on every read (one
  // SHA-256 per revoked persona otherwise).
  const key = `${authorityName}\u0000${kind}\u0000${serialNumber}\u0000${seconds(period.notBefore)}\u0000${seconds(period.notAfter)}`;
  let holder = knownHolders.get(key);
  if (holder === undefined) {
    holder = CATALOGUE_REVOKED_PERSONAS.find((id) => personaCardSerialNumber(authorityName, kind, id, period) === serialNumber) ?? null;
    if (knownHolders.size >= KNOWN_HOLDERS_CAPACITY) knownHolders.delete(knownHolders.keys().next().value as string);
    knownHolders.set(key, holder);
  }
  return holder ?? undefined;
}
