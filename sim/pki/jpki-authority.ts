import type { CertificateKind } from "./certificate-kind.ts";
import type { CertificateRequest } from "./certificate-request.ts";
import type { IssuedCertificate } from "./issued-certificate.ts";
import { KeyStore } from "./key-store.ts";
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
}

/**
 * A test JPKI: two CAs with real RSA-2048 keys, one for user-authentication (利用者証明用) and one for signing
 * (署名用) certificates. CA keys live in the KeyStore under fixed slots (`ca:auth`, `ca:sign`, or
 * `ca:<name>:<kind>` for another name) and the CA certificates are deterministic, so certificates issued in one
 * process verify in another that uses the same key cache.
 */
export class JpkiAuthority {
  private constructor(
    /** The authority's name (the O= of its DNs). */
    readonly name: string,
    private readonly authorities: Readonly<Record<CertificateKind, CertificationAuthority>>,
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
    return new JpkiAuthority(name, { auth, sign });
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
   * Both: SKI, AKI of the CA, a CRL distribution point, a JPKI certificate policy; a fresh positive 16-octet serial.
   * Throws RangeError/TypeError on a bad request (dates, key type, birth date, reused serial).
   */
  issue(request: CertificateRequest): Promise<IssuedCertificate> {
    return this.authorities[request.kind].issue(request);
  }

  /** Revocation: records the serial as revoked at `date` (default now) with an optional reason (default "unspecified"). */
  revoke(kind: CertificateKind, serialNumber: string, options: { date?: Date; reason?: RevocationReason } = {}): void {
    this.authorities[kind].revoke(serialNumber, options.date ?? new Date(), options.reason ?? "unspecified");
  }

  /** Whether the serial has been revoked (whatever the revocation date). Serials compare as numbers (case, leading zeros ignored). */
  isRevoked(kind: CertificateKind, serialNumber: string): boolean {
    return this.authorities[kind].revocation(serialNumber) !== undefined;
  }

  /** The recorded revocation of a serial (date and reason), if any. */
  revocation(kind: CertificateKind, serialNumber: string): RevocationRecord | undefined {
    return this.authorities[kind].revocation(serialNumber);
  }

  /** A DER X.509 v2 CRL of the kind's CA listing every revoked serial, signed by that CA (thisUpdate = now, nextUpdate = now + 1 day). */
  crl(kind: CertificateKind, now: Date = new Date()): Promise<Uint8Array> {
    return this.authorities[kind].crl(now);
  }
}
