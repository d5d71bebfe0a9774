import { addMonthsUtc } from "../pki/add-months-utc.ts";
import type { KeyObject, X509Certificate } from "node:crypto";
import { X509Certificate as NodeX509Certificate } from "node:crypto";
import type { CertificateVerdict } from "../pki/certificate-verifier.ts";
import type { JpkiAuthority } from "../pki/jpki-authority.ts";

/** What does not change for a certificate: its serial, validity, and whether it chains to the auth CA. */
interface Facts {
  serialNumber: string;
  notBefore: number;
  notAfter: number;
  /** The same validity as Dates, for the revocation lookup (read only). */
  period: { notBefore: Date; notAfter: Date };
  chain: "ok" | "malformed" | "wrong-issuer" | "bad-signature";
}

const authorityCa = new WeakMap<JpkiAuthority, { ca: X509Certificate; key: KeyObject }>();
const factsByAuthority = new WeakMap<JpkiAuthority, WeakMap<X509Certificate, Facts>>();

function caOf(authority: JpkiAuthority): { ca: X509Certificate; key: KeyObject } {
  let entry = authorityCa.get(authority);
  if (entry === undefined) {
    const ca = new NodeX509Certificate(authority.caCertificate("auth").der);
    entry = { ca, key: ca.publicKey };
    authorityCa.set(authority, entry);
  }
  return entry;
}


function factsOf(authority: JpkiAuthority, certificate: X509Certificate): Facts {
  let byCertificate = factsByAuthority.get(authority);
  if (byCertificate === undefined) {
    byCertificate = new WeakMap();
    factsByAuthority.set(authority, byCertificate);
  }
  let facts = byCertificate.get(certificate);
  if (facts === undefined) {
    const { ca, key } = caOf(authority);
    const notBefore = Date.parse(certificate.validFrom);
    const notAfter = Date.parse(certificate.validTo);
    const digits = certificate.serialNumber.toLowerCase().replace(/^0+/, "");
    let chain: Facts["chain"];
    if (Number.isNaN(notBefore) || Number.isNaN(notAfter)) chain = "malformed";
    else if (!certificate.checkIssued(ca)) chain = "wrong-issuer";
    else {
      let signed: boolean;
      try {
        signed = certificate.verify(key);
      } catch {
        signed = false;
      }
      chain = signed ? "ok" : "bad-signature";
    }
    const serialNumber = digits === "" ? "00" : digits.length % 2 === 1 ? `0${digits}` : digits;
    facts = { serialNumber, notBefore, notAfter, period: { notBefore: new Date(notBefore), notAfter: new Date(notAfter) }, chain };
    byCertificate.set(certificate, facts);
  }
  return facts;
}

/**
 * The checks of `verifyCertificate` (sim/pki) on an already parsed user-authentication certificate, in the same order
 * and with the same verdicts — issuer, CA signature, revocation (from its recorded date: this process's, the shared
 * revocation log's, the persona catalogue's), validity with calendar-month
 * grace — but with the time-independent part (parsing, chain) done once per certificate object. A test keeps the two
 * in agreement.
 */
export function checkAuthCertificate(authority: JpkiAuthority, certificate: X509Certificate, options: { at: Date; graceAfterExpiryMonths: number }): CertificateVerdict {
  const facts = factsOf(authority, certificate);
  if (facts.chain !== "ok") return { ok: false, reason: facts.chain };
  const at = options.at.getTime();
  const revocation = authority.revocation("auth", facts.serialNumber, facts.period);
  if (revocation !== undefined && revocation.date.getTime() <= at) return { ok: false, reason: "revoked" };
  if (at < facts.notBefore) return { ok: false, reason: "not-yet-valid" };
  if (at <= facts.notAfter) return { ok: true, serialNumber: facts.serialNumber, notAfter: new Date(facts.notAfter), inGrace: false };
  if (at <= addMonthsUtc(new Date(facts.notAfter), options.graceAfterExpiryMonths).getTime()) return { ok: true, serialNumber: facts.serialNumber, notAfter: new Date(facts.notAfter), inGrace: true };
  return { ok: false, reason: "expired" };
}
