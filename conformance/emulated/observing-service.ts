import type { KeyObject } from "node:crypto";
import type { ConsentChoice, QualificationService } from "../../sim/contract/qualification-service.ts";
import type { IdentityProof } from "../../sim/contract/identity-proof.ts";
import type { InsuranceQueryRequest } from "../../sim/contract/insurance-query-request.ts";
import type { ConsentRecord, QualificationResult } from "../../sim/contract/qualification-result.ts";
import { OnshiHttpError } from "../../sim/onshi/index.ts";
import type { ReaderRegistry } from "../../sim/station/counter-station.ts";
import type { ServiceCall } from "../observations/scenario-observation.ts";

/** Where calls are recorded, and on which clock. */
export interface ServiceSink {
  calls: ServiceCall[];
  now(): number;
  /** Answer every qualification with 503 (the service is down: docs/domain/fallbacks.md). */
  failQualify: boolean;
}

/**
 * The service as the DUT sees it: the online service's client with a recorder in front of it (the service side of the
 * observation, outside the DUT). A scenario can make the service answer 503 to every qualification.
 */
export class ObservingService implements QualificationService, ReaderRegistry {
  private readonly inner: QualificationService & ReaderRegistry;
  /** The current scenario's sink (replaced per scenario). */
  sink: ServiceSink = { calls: [], now: () => 0, failQualify: false };

  constructor(inner: QualificationService & ReaderRegistry) {
    this.inner = inner;
  }

  async requestChallenge(): Promise<{ challengeId: string; challenge: Uint8Array }> {
    const at = this.sink.now();
    try {
      const c = await this.inner.requestChallenge();
      this.sink.calls.push({ at, op: "requestChallenge", challengeId: c.challengeId, outcome: "ok" });
      return c;
    } catch (error) {
      this.sink.calls.push({ at, op: "requestChallenge", outcome: "failed", error: (error as Error).message });
      throw error;
    }
  }

  async qualify(proof: IdentityProof, options?: { arbitraryFileIdentifier?: string; consent?: ConsentChoice }): Promise<QualificationResult> {
    const call: ServiceCall = { at: this.sink.now(), op: "qualify", challengeId: proof.challengeId, deviceKind: proof.deviceKind, method: proof.method, outcome: "failed", ...(options?.consent ? { consent: { ...options.consent } } : {}) };
    this.sink.calls.push(call);
    if (this.sink.failQualify) {
      const error = new OnshiHttpError(503, { error: "unavailable", message: "the service is down (conformance scenario)" });
      call.error = error.message;
      throw error;
    }
    try {
      const result = await this.inner.qualify(proof, options);
      call.outcome = result.processingResultStatus === "1" ? "ok" : "refused";
      if (result.processingResultCode !== undefined) call.processingResultCode = result.processingResultCode;
      if (result.qualificationValidity !== undefined) call.qualificationValidity = result.qualificationValidity;
      if (result.certificateInGrace !== undefined) call.certificateInGrace = result.certificateInGrace;
      return result;
    } catch (error) {
      call.error = (error as Error).message;
      throw error;
    }
  }

  async recordConsent(qualificationId: string, consent: ConsentChoice): Promise<ConsentRecord> {
    const call: ServiceCall = { at: this.sink.now(), op: "recordConsent", consent: { ...consent }, outcome: "failed" };
    this.sink.calls.push(call);
    const record = await this.inner.recordConsent(qualificationId, consent);
    call.outcome = "ok";
    return record;
  }

  queryInsurance(request: InsuranceQueryRequest): Promise<QualificationResult> {
    return this.inner.queryInsurance(request);
  }

  registerReader(readerId: string, publicKey: KeyObject): Promise<void> {
    return this.inner.registerReader(readerId, publicKey);
  }
}
