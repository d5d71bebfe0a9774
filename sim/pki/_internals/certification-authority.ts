import { createHash } from "node:crypto";
import { catalogueRevokedHolder, type CertificatePeriod, personaCardSerialNumber } from "../catalogue-revocations.ts";
import type { CertificateKind } from "../certificate-kind.ts";
import type { CertificateRequest } from "../certificate-request.ts";
import type { IssuedCertificate } from "../issued-certificate.ts";
import { jpkiOids } from "../jpki-oids.ts";
import type { RsaKeyPair } from "../key-store.ts";
import { revocationReasonCodes } from "../revocation-reason.ts";
import type { RevocationReason } from "../revocation-reason.ts";
import type { RevocationLog } from "../revocation-log.ts";
import { encodeSigningIdentity } from "../signing-identity.ts";
import { x509 } from "../x509.ts";
import { describeCertificate } from "./certificate-description.ts";
import { BoundedMemo, copyOfIssued } from "./certificate-memo.ts";
import { integer } from "./der.ts";
import { caName, endEntityName, municipalityFor, opaqueSubjectId } from "./subject-names.ts";
import { normalizeSerialNumber, randomSerialNumber, serialNumberForAsn1, serialNumberFromBytes } from "./serial-number.ts";
import { signatureAlgorithm, toSigningKey, toSpki } from "./web-crypto-keys.ts";
import type { CryptoKey } from "./web-crypto-keys.ts";

/** A revocation as recorded. */
export interface RevocationRecord {
  date: Date;
  reason: RevocationReason;
}

/** What the CA remembers of a certificate it issued: its end of validity, and for a persona's card what was asked. */
interface IssuedEntry {
  notAfter?: Date;
  /** Persona cards only: the request's fingerprint and the certificate (an identical request gets the same one). */
  persona?: { fingerprint: string; certificate: Promise<IssuedCertificate> };
}

/** Fixed CA validity, so that the CA certificate's DER is the same in every process for the same key. */
const caNotBefore = new Date("2020-01-01T00:00:00Z");
const caNotAfter = new Date("2040-01-01T00:00:00Z");
const crlNumberOid = "2.5.29.20";
const dayMs = 86_400_000;

/** What a CA is made of that depends only on its kind, name and key (see certificate-memo.ts). */
interface AuthorityParts {
  certificate: IssuedCertificate;
  signingKey: CryptoKey;
  authorityKeyIdentifier: x509.Extension;
}

/** Process-wide: CA parts (a few per authority name) and persona card certificates (bounded; ~2 KB each). */
const authorityParts = new BoundedMemo<AuthorityParts>(256);
const personaCertificates = new BoundedMemo<IssuedCertificate>(4096);

/** Forgets the process-wide certificate memo (tests that must see a certificate built, not remembered). */
export function forgetRememberedCertificates(): void {
  authorityParts.clear();
  personaCertificates.clear();
}

function wholeSeconds(date: Date, field: string): Date {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`${field} is not a valid date`);
  return new Date(Math.floor(time / 1000) * 1000);
}

/** One CA of the test JPKI (one per certificate kind): its certificate, signing key and revocation list. */
export class CertificationAuthority {
  readonly #issued = new Map<string, IssuedEntry>();
  readonly #revoked = new Map<string, RevocationRecord>();
  /** This CA in the process-wide certificate memo: its certificate's digest (kind, name and key are all in it). */
  #memoId: string | undefined;

  private constructor(
    readonly kind: CertificateKind,
    readonly authorityName: string,
    readonly certificate: IssuedCertificate,
    readonly crlUrl: string,
    private readonly signingKey: CryptoKey,
    private readonly authorityKeyIdentifier: x509.Extension,
  ) {}

  /** Creates the self-signed CA certificate for `keyPair`; same key and name give the same DER. */
  static async create(kind: CertificateKind, authorityName: string, keyPair: RsaKeyPair): Promise<CertificationAuthority> {
    const spki = toSpki(keyPair.publicKey);
    const key = createHash("sha256").update(JSON.stringify([kind, authorityName])).update(spki).digest("hex");
    const parts = await authorityParts.get(key, () => CertificationAuthority.#makeParts(kind, authorityName, keyPair, spki));
    const crlUrl = `http://127.0.0.1/myna-hil/crl/${encodeURIComponent(authorityName)}/${kind}.crl`;
    return new CertificationAuthority(kind, authorityName, copyOfIssued(parts.certificate), crlUrl, parts.signingKey, parts.authorityKeyIdentifier);
  }

  static async #makeParts(kind: CertificateKind, authorityName: string, keyPair: RsaKeyPair, spki: Uint8Array): Promise<AuthorityParts> {
    const [signingKey, subjectKeyIdentifier, authorityKeyIdentifier] = await Promise.all([
      toSigningKey(keyPair.privateKey),
      x509.SubjectKeyIdentifierExtension.create(spki),
      x509.AuthorityKeyIdentifierExtension.create(spki),
    ]);
    const name = caName(kind, authorityName);
    const serialSeed = createHash("sha256").update(`myna-hil CA ${kind} ${authorityName}`).update(spki).digest();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumberFromBytes(serialSeed),
      subject: name,
      issuer: name,
      notBefore: caNotBefore,
      notAfter: caNotAfter,
      publicKey: spki,
      signingKey,
      signingAlgorithm: signatureAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        subjectKeyIdentifier,
      ],
    });
    return { certificate: describeCertificate(new Uint8Array(certificate.rawData)), signingKey, authorityKeyIdentifier };
  }

  /**
   * Issues an end-entity certificate of this CA's kind (see `JpkiAuthority.issue`). With `personaId`, the serial is
   * derived ({@link personaCardSerialNumber}), the identical request again gets the same certificate, and the card of a
   * persona the catalogue says is revoked is recorded as revoked from its notBefore.
   */
  async issue(request: CertificateRequest): Promise<IssuedCertificate> {
    const notBefore = wholeSeconds(request.notBefore, "notBefore");
    const notAfter = wholeSeconds(request.notAfter, "notAfter");
    if (notAfter.getTime() <= notBefore.getTime()) throw new RangeError("notAfter must be after notBefore");
    if (request.publicKey.type !== "public" || request.publicKey.asymmetricKeyType !== "rsa") throw new TypeError("publicKey must be an RSA public KeyObject");
    if (request.personaId === undefined) return this.#issue(request, notBefore, notAfter, this.#reserveSerial(request.serialNumber, notAfter));
    if (request.serialNumber !== undefined) throw new TypeError("a persona card's serial number is derived: give personaId or serialNumber, not both");
    const period = { notBefore, notAfter };
    const serialNumber = personaCardSerialNumber(this.authorityName, this.kind, request.personaId, period);
    const fingerprint = createHash("sha256")
      .update(toSpki(request.publicKey))
      .update(JSON.stringify([request.personaId, request.holder.name, request.holder.birthDate, request.holder.sex, request.holder.address, request.municipality ?? null]))
      .digest("hex");
    const known = this.#issued.get(serialNumber);
    if (known !== undefined) {
      if (known.persona?.fingerprint === fingerprint) return known.persona.certificate;
      throw new RangeError(`serial number ${serialNumber} was already issued by the ${this.kind} CA for another request`);
    }
    this.#memoId ??= createHash("sha256").update(this.certificate.der).digest("hex");
    const memoKey = JSON.stringify([this.#memoId, serialNumber, notBefore.getTime(), notAfter.getTime(), fingerprint]);
    const certificate = personaCertificates.get(memoKey, () => this.#issue(request, notBefore, notAfter, serialNumber)).then(copyOfIssued);
    this.#issued.set(serialNumber, { notAfter, persona: { fingerprint, certificate } });
    certificate.catch(() => this.#issued.delete(serialNumber));
    const revokedHolder = catalogueRevokedHolder(this.authorityName, this.kind, serialNumber, period);
    if (revokedHolder !== undefined) this.#revoked.set(serialNumber, { date: notBefore, reason: "unspecified" });
    return certificate;
  }

  async #issue(request: CertificateRequest, notBefore: Date, notAfter: Date, serialNumber: string): Promise<IssuedCertificate> {
    try {
      const spki = toSpki(request.publicKey);
      const municipality = request.municipality ?? municipalityFor(request.holder);
      const isSigning = this.kind === "sign";
      const identity = isSigning ? encodeSigningIdentity(request.holder) : undefined;
      // Both kinds carry an opaque ID as CN, as real JPKI certificates do; the signing certificate carries the
      // holder's name, birth date, sex and address only in its subjectAltName (JPKI OIDs).
      const commonName = opaqueSubjectId(serialNumber);
      const extensions: x509.Extension[] = [
        isSigning
          ? new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)
          : new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(spki),
        this.authorityKeyIdentifier,
        new x509.CRLDistributionPointsExtension([this.crlUrl]),
        new x509.CertificatePolicyExtension([isSigning ? jpkiOids.signingPolicy : jpkiOids.authenticationPolicy]),
      ];
      if (identity !== undefined) extensions.push(new x509.Extension("2.5.29.17", false, identity));
      else extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: serialNumberForAsn1(serialNumber),
        subject: endEntityName(this.kind, this.authorityName, municipality, commonName),
        issuer: caName(this.kind, this.authorityName),
        notBefore,
        notAfter,
        publicKey: spki,
        signingKey: this.signingKey,
        signingAlgorithm: signatureAlgorithm,
        extensions,
      });
      return describeCertificate(new Uint8Array(certificate.rawData));
    } catch (error) {
      this.#issued.delete(serialNumber);
      throw error;
    }
  }

  /**
   * Records a revocation (a second call for the same serial replaces the first). With `log`, also appends it to the
   * shared revocation log (other processes see it); that needs the certificate's notAfter, known for a certificate this
   * CA issued, else given.
   */
  revoke(serialNumber: string, date: Date, reason: RevocationReason, log?: { log: RevocationLog; notAfter?: Date }): void {
    const serial = normalizeSerialNumber(serialNumber);
    const record = { date: wholeSeconds(date, "date"), reason };
    if (log !== undefined) {
      const notAfter = log.notAfter ?? this.#issued.get(serial)?.notAfter;
      if (notAfter === undefined) throw new RangeError(`publishing the revocation of ${serial} needs the certificate's notAfter (not issued here)`);
      log.log.append({ authority: this.authorityName, kind: this.kind, serialNumber: serial, ...record, notAfter });
    }
    this.#revoked.set(serial, record);
  }

  /**
   * The revocation of a serial number, if any: recorded here, else in the shared log `log`, else (when the certificate's
   * validity is given) derived from the persona catalogue.
   */
  revocation(serialNumber: string, period?: CertificatePeriod, log?: RevocationLog): RevocationRecord | undefined {
    if (!/^[0-9a-fA-F]+$/.test(serialNumber)) return undefined;
    const serial = normalizeSerialNumber(serialNumber);
    const local = this.#revoked.get(serial);
    if (local !== undefined) return local;
    const shared = log?.lookup(this.authorityName, this.kind, serial);
    if (shared !== undefined) return { date: shared.date, reason: shared.reason };
    if (period !== undefined && catalogueRevokedHolder(this.authorityName, this.kind, serial, period) !== undefined) return { date: wholeSeconds(period.notBefore, "notBefore"), reason: "unspecified" };
    return undefined;
  }

  /** A DER X.509 v2 CRL listing every revoked serial it knows (recorded here, then the shared log's), signed by this CA. */
  async crl(now: Date, log?: RevocationLog): Promise<Uint8Array> {
    const thisUpdate = wholeSeconds(now, "now");
    const known = new Map(this.#revoked);
    for (const shared of log?.list(this.authorityName, this.kind) ?? []) if (!known.has(shared.serialNumber)) known.set(shared.serialNumber, { date: shared.date, reason: shared.reason });
    const entries = [...known].map(([serialNumber, record]) => ({
      serialNumber: serialNumberForAsn1(serialNumber),
      revocationDate: record.date,
      // RFC 5280 §5.3.1: the reasonCode extension is left out rather than saying "unspecified".
      reason: record.reason === "unspecified" ? undefined : (revocationReasonCodes[record.reason] as x509.X509CrlReason),
    }));
    const crl = await x509.X509CrlGenerator.create({
      issuer: caName(this.kind, this.authorityName),
      thisUpdate,
      nextUpdate: new Date(thisUpdate.getTime() + dayMs),
      signingKey: this.signingKey,
      signingAlgorithm: signatureAlgorithm,
      entries,
      // CRL number: seconds since the epoch of thisUpdate, so it grows across processes without shared state.
      extensions: [this.authorityKeyIdentifier, new x509.Extension(crlNumberOid, false, integer(BigInt(thisUpdate.getTime() / 1000)))],
    });
    return new Uint8Array(crl.rawData);
  }

  #reserveSerial(requested: string | undefined, notAfter: Date): string {
    if (requested !== undefined) {
      const serialNumber = normalizeSerialNumber(requested);
      if (serialNumber.length > 40 || serialNumber === "00") throw new RangeError("serialNumber must be positive and at most 20 octets");
      if (this.#issued.has(serialNumber)) throw new RangeError(`serial number ${serialNumber} was already issued by the ${this.kind} CA`);
      this.#issued.set(serialNumber, { notAfter });
      return serialNumber;
    }
    let serialNumber = randomSerialNumber();
    while (this.#issued.has(serialNumber)) serialNumber = randomSerialNumber();
    this.#issued.set(serialNumber, { notAfter });
    return serialNumber;
  }
}
