import type { KeyObject } from "node:crypto";
import type { IdentityProof } from "../contract/identity-proof.ts";
import { fetchTransport, type HttpTransport, nodeHttpTransport } from "./http-transport.ts";
import { OnshiHttpError } from "./onshi-http-error.ts";
import type { ConsentInput, PhoneConfirmedFacility } from "./onshi-service.ts";
import type { InsuranceDataQuery } from "./insured-registry.ts";
import type { ConsentRecord, QualificationResult } from "../contract/qualification-result.ts";
import type { UsageCounts } from "./usage-counts.ts";

/** Options of {@link OnshiClient}. */
export interface OnshiClientOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** The facility's 医療機関コード. */
  medicalInstitutionCode: string;
  /** The facility's secret. Never logged. */
  secret: string;
  /** A fetch to use instead of node:http (browsers, custom stacks). Default: node:http with keep-alive (msw intercepts both). */
  fetch?: typeof fetch;
  /** An HTTP transport to use instead (takes precedence over `fetch`), e.g. the load benchmark's lean keep-alive client. */
  transport?: HttpTransport;
  /** Keep the next challenge from each answer (one round trip per read instead of two). Default off. */
  prefetchChallenges?: boolean | ChallengePrefetch;
}

/** Optional fields of an insurance-data query, as a request file carries them. */
export interface InsuranceQueryExtras {
  /** 資格確認日 YYYYMMDD: the date to check the eligibility for. Default: today (Japan time). */
  qualificationConfirmationDate?: string;
  /** Must be the calling facility's own code when given. */
  medicalInstitutionCode?: string;
  arbitraryFileIdentifier?: string;
  limitApplicationCertificateRelatedConsFlg?: boolean;
}

/** A challenge as the client sees it. */
export interface Challenge {
  challengeId: string;
  challenge: Uint8Array;
  expiresAt: Date;
}

/** Extras of a qualification request. */
export interface QualifyOptions {
  /** Echoed in the result (the request file's ArbitraryFileIdentifier). */
  arbitraryFileIdentifier?: string;
  /** The patient agreed on the reader to share cost-cap data. */
  limitApplicationCertificateRelatedConsFlg?: boolean;
  /** The consents given on the reader's screens, recorded with the answer (one request instead of two). */
  consent?: ConsentInput;
}

/**
 * A client that keeps the facility's next challenge: each qualification's answer brings a fresh one (`nextChallenge`),
 * so the next read needs no extra round trip. A kept challenge close to its expiry is dropped and a new one requested.
 */
export interface ChallengePrefetch {
  /** Ms before expiry at which a kept challenge is no longer used (default 10 s). */
  marginMs?: number;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/**
 * The qualification terminal's client of the online qualification service: typed calls over HTTP with the facility's
 * credentials. A qualification the service refuses (HTTP 422) is returned as its result (ProcessingResultStatus 2 and
 * a processingResultCode); other error statuses throw {@link OnshiHttpError}.
 */
export class OnshiClient {
  readonly #base: string;
  readonly #authorization: string;
  readonly #transport: HttpTransport;
  #kept: Challenge | undefined;
  readonly #prefetch: Required<ChallengePrefetch> | undefined;
  /** The facility this client speaks for. */
  readonly medicalInstitutionCode: string;

  constructor(options: OnshiClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.medicalInstitutionCode = options.medicalInstitutionCode;
    this.#authorization = `Basic ${Buffer.from(`${options.medicalInstitutionCode}:${options.secret}`).toString("base64")}`;
    this.#transport = options.transport ?? (options.fetch ? fetchTransport(options.fetch) : nodeHttpTransport());
    const p = options.prefetchChallenges;
    this.#prefetch = p === undefined || p === false ? undefined : { marginMs: (p === true ? undefined : p.marginMs) ?? 10_000 };
  }

  async #call<T>(method: "GET" | "POST", path: string, body?: unknown, accept: readonly number[] = []): Promise<T> {
    const response = await this.#transport(`${this.#base}${path}`, {
      method,
      headers: { authorization: this.#authorization, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = response.text;
    if ((response.status >= 200 && response.status < 300) || accept.includes(response.status)) return JSON.parse(text) as T;
    let error: { error: string; message: string; field?: string };
    try {
      error = JSON.parse(text) as typeof error;
    } catch {
      error = { error: "http", message: text.slice(0, 200) };
    }
    throw new OnshiHttpError(response.status, error);
  }

  /** `POST /challenges`: a fresh single-use challenge bound to this facility (or the one kept from the last answer). */
  async requestChallenge(): Promise<Challenge> {
    const kept = this.#kept;
    this.#kept = undefined;
    if (kept !== undefined && this.#prefetch !== undefined && kept.expiresAt.getTime() - Date.now() > this.#prefetch.marginMs) return kept;
    const r = await this.#call<{ challengeId: string; challenge: string; expiresAt: string }>("POST", "/challenges");
    return { challengeId: r.challengeId, challenge: new Uint8Array(Buffer.from(r.challenge, "base64")), expiresAt: new Date(r.expiresAt) };
  }

  /** `POST /qualifications`: the identity proof the reader produced; answered or refused, the result. */
  async qualify(proof: IdentityProof, options: QualifyOptions = {}): Promise<QualificationResult> {
    const answer = await this.#call<QualificationResult & { nextChallenge?: { challengeId: string; challenge: string; expiresAt: string } }>(
      "POST",
      "/qualifications",
      {
        deviceKind: proof.deviceKind,
        method: proof.method,
        certificate: b64(proof.certificate),
        challengeId: proof.challengeId,
        challenge: b64(proof.challenge),
        ...(proof.deviceSignature !== undefined ? { deviceSignature: b64(proof.deviceSignature) } : {}),
        ...(proof.readerAttestation !== undefined ? { readerAttestation: { readerId: proof.readerAttestation.readerId, signature: b64(proof.readerAttestation.signature) } } : {}),
        ...options,
        ...(this.#prefetch !== undefined ? { nextChallenge: true } : {}),
      },
      [422],
    );
    const { nextChallenge, ...result } = answer;
    if (nextChallenge !== undefined) {
      this.#kept = { challengeId: nextChallenge.challengeId, challenge: new Uint8Array(Buffer.from(nextChallenge.challenge, "base64")), expiresAt: new Date(nextChallenge.expiresAt) };
    }
    return result;
  }

  /** `GET /qualifications/{id}`: one of this facility's qualifications, with its consent. */
  getQualification(id: string): Promise<QualificationResult> {
    return this.#call("GET", `/qualifications/${encodeURIComponent(id)}`);
  }

  /** `POST /qualifications/{id}/consent`: the patient's consents; resolves with them as recorded (with the service's time). */
  async recordConsent(id: string, consent: ConsentInput): Promise<ConsentRecord> {
    return (await this.recordConsentWithResult(id, consent)).consent as ConsentRecord;
  }

  /** As {@link recordConsent}, resolving with the whole qualification as it now stands (cost-cap data when consented). */
  recordConsentWithResult(id: string, consent: ConsentInput): Promise<QualificationResult> {
    return this.#call("POST", `/qualifications/${encodeURIComponent(id)}/consent`, {
      specificHealthCheckInfo: consent.specificHealthCheckInfo,
      pharmacistsInfo: consent.pharmacistsInfo,
      diagnosisInfo: consent.diagnosisInfo,
      operationInfo: consent.operationInfo,
      limitApplicationCertificateRelatedConsFlg: consent.limitApplicationCertificateRelatedConsFlg,
    });
  }

  /**
   * `POST /insurance-queries`: a query by insurance data (ReferenceClassification 2). Accepts the terminal's parsed
   * request file as it is: its QualificationConfirmationDate is the date the eligibility is checked for, and its
   * MedicalInstitutionCode must be this client's.
   */
  queryInsurance(query: InsuranceDataQuery & InsuranceQueryExtras, options: QualifyOptions = {}): Promise<QualificationResult> {
    return this.#call("POST", "/insurance-queries", { ...query, ...options });
  }

  /** `GET /usage`: this facility's usage counts. */
  async usage(): Promise<UsageCounts> {
    const { medicalInstitutionCode: _code, ...counts } = await this.#call<UsageCounts & { medicalInstitutionCode: string }>("GET", "/usage");
    return counts;
  }

  /** `POST /readers`: registers this facility's face-auth reader key (MODELLED). */
  async registerReader(readerId: string, publicKey: KeyObject): Promise<void> {
    await this.#call("POST", "/readers", { readerId, publicKey: b64(publicKey.export({ type: "spki", format: "der" })) });
  }

  /** `POST /facilities/{code}/opt-out`: leaves the public phone-confirmed list (the call-centre action). */
  async optOut(): Promise<void> {
    await this.#call("POST", `/facilities/${this.medicalInstitutionCode}/opt-out`);
  }

  /** `GET /facilities/phone-confirmed`: the public list. */
  async phoneConfirmedFacilities(): Promise<PhoneConfirmedFacility[]> {
    return (await this.#call<{ facilities: PhoneConfirmedFacility[] }>("GET", "/facilities/phone-confirmed")).facilities;
  }
}
