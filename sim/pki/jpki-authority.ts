import type { CertificateKind } from "./certificate-kind.ts";
import type { CertificateRequest } from "./certificate-request.ts";
import type { IssuedCertificate } from "./issued-certificate.ts";
import path from "node:path";
import type { CertificatePeriod } from "./catalogue-revocations.ts";
import { KeyStore } from "./key-store.ts";
import { RevocationLog } from "./revocation-log.ts";
import type { RevocationReason } from "./revocation-reason.ts";
import { CertificationAuthority } from "./_internals/certification-authority.ts";
import type { RevocationRecord } from "./_internals/certification-authority.ts";

export type { CertificateHolder } from "./certificate-holder.ts";
export type { CertificateRequest } from "./certificate-request.ts";
export type { RevocationReason } from "./revocation-reason.ts";
export type { RevocationRecord } from "./_internals/certification-authority.ts";

/** Options of {@link JpkiAuthority.create}. */
export interface JpkiAuthorityOptions {
  /** Where the CA keys come from. Default: `KeyStore.shared()`. */
  keyStore?: KeyStore;
  /** The authority's name, written as O= in every DN and part of the CA key slots. Default "JPKI". */
  name?: string;
  /**
   * The shared revocation log (see `revocation-log.ts`): a file path, or null for none. Default `revocations.jsonl` in
   * the key store's directory (none for a memory-only key store), so every process on one key cache shares it.
   */
  revocationLog?: string | null;
}

/** Options of {@link JpkiAuthority.revoke}. */
export interface RevokeOptions {
  /** Effective from (default now). */
  date?: Date;
  /** Default "unspecified". */
  reason?: RevocationReason;
  /**
   * Also append it to the shared revocation log, so that authorities in other processes see it (phones superseded or
   * suspended). Default false: the revocation stays in this process (tests, the service's own journal).
   */
  publish?: boolean;
  /** The certificate's notAfter, for the log; needed only for a certificate this authority did not issue. */
  notAfter?: Date;
}

/**
 * A test JPKI: two CAs with real RSA-2048 keys, one for user-authentication (利用者証明用) and one for signing
 * (署名用) certificates. CA keys live in the KeyStore under fixed slots (`ca:auth`, `ca:sign`, or
 * `ca:<name>:<kind>` for another name) and the CA certificates are deterministic, so certificates issued in one
 * process verify in another that uses the same key cache. Revocation is the same in every process on that cache
 * (docs/domain/rules.md "How the simulator shares revocation between processes"): a persona's card certificate has a
 * serial derived from the persona and its validity, and is revoked when the catalogue says so (derived, nothing
 * stored); revocations published with `publish: true` go to the shared revocation log, which every authority reads
 * when it checks a certificate.
 */
export class JpkiAuthority {
  private constructor(
    /** The authority's name (the O= of its DNs). */
    readonly name: string,
    private readonly authorities: Readonly<Record<CertificateKind, CertificationAuthority>>,
    /** The shared revocation log, if any. */
    readonly revocationLog: RevocationLog | undefined,
  ) {}

  /**
   * Creates (or re-creates deterministically from cached keys) the two CAs: self-signed RSA-2048 CA certificates
   * (basicConstraints CA, keyCertSign+cRLSign, SKI) valid 2020-01-01..2040-01-01.
   */
  static async create(options: JpkiAuthorityOptions = {}): Promise<JpkiAuthority> {
    const keyStore = options.keyStore ?? KeyStore.shared();
    const name = options.name ?? "JPKI";
    const slot = (kind: CertificateKind): string => (name === "JPKI" ? `ca:${kind}` : `ca:${name}:${kind}`);
    const [authKeys, signKeys] = await Promise.all([keyStore.keyPair(slot("auth")), keyStore.keyPair(slot("sign"))]);
    const [auth, sign] = await Promise.all([
      CertificationAuthority.create("auth", name, authKeys),
      CertificationAuthority.create("sign", name, signKeys),
    ]);
    const logFile = options.revocationLog !== undefined ? options.revocationLog : keyStore.directory === null ? null : path.join(keyStore.directory, "revocations.jsonl");
    return new JpkiAuthority(name, { auth, sign }, logFile === null ? undefined : RevocationLog.at(logFile));
  }

  /** The self-signed CA certificate of a kind (what the card holds in EF 000B / 0002). */
  caCertificate(kind: CertificateKind): IssuedCertificate {
    return this.authorities[kind].certificate;
  }

  /** The placeholder CRL distribution point URL written into the kind's end-entity certificates. */
  crlUrl(kind: CertificateKind): string {
    return this.authorities[kind].crlUrl;
  }

  /**
   * Issues an end-entity certificate. auth: keyUsage digitalSignature (critical), extendedKeyUsage clientAuth,
   * subject C=JP, O, OU=JPKI for user authentication, OU=<municipality>, CN=<opaque id>, no personal data.
   * sign: keyUsage digitalSignature+nonRepudiation (critical), CN = an opaque ID too, subjectAltName otherNames
   * with name, birth date, sex, address and the substitute-character maps (public JPKI OIDs only, see `jpki-oids.ts`).
   * Both: SKI, AKI of the CA, a CRL distribution point, a JPKI certificate policy; a fresh positive 16-octet serial,
   * or with `personaId` one derived from the persona and the validity (the same request gets the same certificate).
   * Throws RangeError/TypeError on a bad request (dates, key type, birth date, reused serial).
   */
  issue(request: CertificateRequest): Promise<IssuedCertificate> {
    return this.authorities[request.kind].issue(request);
  }

  /**
   * Revocation: records the serial as revoked at `date` (default now) with an optional reason (default "unspecified");
   * with `publish`, also in the shared revocation log (throws when it cannot be written, or without a log).
   */
  revoke(kind: CertificateKind, serialNumber: string, options: RevokeOptions = {}): void {
    let log: { log: RevocationLog; notAfter?: Date } | undefined;
    if (options.publish === true) {
      if (this.revocationLog === undefined) throw new Error("this authority has no shared revocation log (memory-only key store): nothing to publish to");
      log = { log: this.revocationLog, ...(options.notAfter !== undefined ? { notAfter: options.notAfter } : {}) };
    }
    this.authorities[kind].revoke(serialNumber, options.date ?? new Date(), options.reason ?? "unspecified", log);
  }

  /**
   * Whether the serial has been revoked (whatever the revocation date): recorded here or in the shared log, or — given
   * the certificate's validity — derived from the persona catalogue. Serials compare as numbers (case, leading zeros ignored).
   */
  isRevoked(kind: CertificateKind, serialNumber: string, period?: CertificatePeriod): boolean {
    return this.revocation(kind, serialNumber, period) !== undefined;
  }

  /**
   * The revocation of a serial (date and reason), if any: recorded in this process, else in the shared revocation log
   * (re-read when it grew), else — when the certificate's validity is given — the catalogue's (a revoked persona's card
   * certificate, from its notBefore).
   */
  revocation(kind: CertificateKind, serialNumber: string, period?: CertificatePeriod): RevocationRecord | undefined {
    return this.authorities[kind].revocation(serialNumber, period, this.revocationLog);
  }

  /**
   * A DER X.509 v2 CRL of the kind's CA listing every revoked serial it knows — recorded here (the catalogue's for the
   * cards issued here included) and in the shared log — signed by that CA (thisUpdate = now, nextUpdate = now + 1 day).
   */
  crl(kind: CertificateKind, now: Date = new Date()): Promise<Uint8Array> {
    return this.authorities[kind].crl(now, this.revocationLog);
  }
}
