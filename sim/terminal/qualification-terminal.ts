import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { QualificationResult } from "../contract/qualification-result.ts";
import type { FallbackCause, FallbackKind, FallbackRecord } from "./fallback.ts";
import type { IdentityProof } from "../contract/identity-proof.ts";
import { buildErrorResultXml, buildResultXml } from "./oqs/oqs-result-xml.ts";
import type { ResFolder } from "./oqs/res-folder.ts";
import type { ConsentChoice, QualificationService } from "../contract/qualification-service.ts";
import { classifyServiceFailure } from "./service-failure.ts";

/** A completed read as the face-auth reader hands it over: the proof, and the consents chosen on its screens. */
export interface CompletedRead {
  proof: IdentityProof;
  consent?: ConsentChoice;
  prescriptionIssueSelect?: "1" | "2";
  arbitraryFileIdentifier?: string;
}

/** The service could not be asked (network, service down): the terminal wrote an error result file and gives up. */
export class ServiceUnreachableError extends Error {
  /** The error result file written for the receipt computer (SegmentOfResult 9). */
  readonly resultFile: string;

  constructor(message: string, resultFile: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ServiceUnreachableError";
    this.resultFile = resultFile;
  }
}

/**
 * The service answered the read with a 4xx (bad request, credentials, conflict…): it will not answer it as sent. The
 * terminal wrote an error result file (SegmentOfResult 9, ErrorCode `E-REFUSED`) naming the service's code and message.
 * Not an outage: the fallbacks for an unreachable service do not apply; the read or the set-up needs fixing.
 */
export class ServiceRefusedError extends Error {
  /** The error result file written for the receipt computer. */
  readonly resultFile: string;
  /** The HTTP status (4xx). */
  readonly status: number;
  /** The service's error code, e.g. `bad-request`, `unauthorized`, `consent-already-recorded`. */
  readonly code: string;
  /** The request field the service named, if any. */
  readonly field: string | undefined;

  constructor(message: string, resultFile: string, details: { status: number; code: string; field?: string; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = "ServiceRefusedError";
    this.resultFile = resultFile;
    this.status = details.status;
    this.code = details.code;
    this.field = details.field;
  }
}

/** Options of a {@link QualificationTerminal}. */
export interface QualificationTerminalOptions {
  service: QualificationService;
  res: ResFolder;
  medicalInstitutionCode: string;
  /** JSON-lines file where fallbacks are recorded (default none). */
  fallbackLog?: string;
  now?: () => Date;
}

/**
 * The qualification terminal (資格確認端末): obtains challenges for the reader, sends completed reads to the online
 * service, records the patient's consents, and writes the OQS-style result file into the RES folder for the receipt
 * computer. Fallbacks are recorded as such and never reach the service's usage counts.
 */
export class QualificationTerminal {
  private readonly options: QualificationTerminalOptions;

  constructor(options: QualificationTerminalOptions) {
    this.options = options;
  }

  /** The challenge source a face-auth reader signs with (a fresh challenge from the service each time). */
  readonly challengeSource = (): Promise<{ challengeId: string; challenge: Uint8Array }> => this.options.service.requestChallenge();

  /**
   * Qualifies a completed read with the consents given on the reader (one request); writes `OQSsiquc01res_face_*.xml`.
   * When the call fails, writes an error result file (SegmentOfResult 9) so the receipt computer knows, and rejects:
   * - the service cannot be reached, timed out or answered 5xx (ErrorCode `E-SERVICE`): {@link ServiceUnreachableError};
   *   the patient then goes to the fallbacks (docs/domain/fallbacks.md);
   * - the service refused the request with a 4xx (ErrorCode `E-REFUSED`, the message naming the service's error code
   *   and message): {@link ServiceRefusedError}.
   * A refused qualification (HTTP 422: a bad certificate, a replayed challenge…) is an answer, not a failure: it
   * resolves with its result (ProcessingResultStatus 2) like any other.
   */
  async completeRead(read: CompletedRead): Promise<{ result: QualificationResult; resultFile: string }> {
    const { service, res } = this.options;
    let result: QualificationResult;
    try {
      result = await service.qualify(read.proof, {
        ...(read.arbitraryFileIdentifier ? { arbitraryFileIdentifier: read.arbitraryFileIdentifier } : {}),
        ...(read.consent ? { consent: read.consent } : {}),
      });
    } catch (e) {
      const at = this.options.now?.() ?? new Date();
      const failure = classifyServiceFailure(e);
      const message =
        failure.kind === "unreachable" ? `online qualification service unreachable: ${failure.reason}` : `online qualification service refused the read: ${failure.reason}`;
      const xml = buildErrorResultXml({
        medicalInstitutionCode: this.options.medicalInstitutionCode,
        referenceClassification: "1",
        errorCode: failure.kind === "unreachable" ? "E-SERVICE" : "E-REFUSED",
        errorMessage: message,
        at,
        ...(read.arbitraryFileIdentifier ? { arbitraryFileIdentifier: read.arbitraryFileIdentifier } : {}),
      });
      const resultFile = await res.writeFaceResult(xml, at);
      if (failure.kind === "unreachable") throw new ServiceUnreachableError(message, resultFile, { cause: e });
      throw new ServiceRefusedError(message, resultFile, { status: failure.status, code: failure.code, ...(failure.field !== undefined ? { field: failure.field } : {}), cause: e });
    }
    const at = this.options.now?.() ?? new Date();
    const resultFile = await res.writeFaceResult(buildResultXml(result, { at, ...(read.prescriptionIssueSelect ? { prescriptionIssueSelect: read.prescriptionIssueSelect } : {}) }), at);
    return { result, resultFile };
  }

  /** Records a fallback (資格確認書, Mynaportal screen, self-declaration…) in the fallback log. */
  async recordFallback(cause: FallbackCause, kind: FallbackKind, extra?: { copaymentRatio?: string; note?: string }): Promise<FallbackRecord> {
    const record: FallbackRecord = {
      at: (this.options.now?.() ?? new Date()).toISOString(),
      facility: this.options.medicalInstitutionCode,
      cause,
      kind,
      countsTowardsUsage: false,
      ...(extra?.copaymentRatio ? { copaymentRatio: extra.copaymentRatio } : {}),
      ...(extra?.note ? { note: extra.note } : {}),
    };
    if (this.options.fallbackLog) {
      await mkdir(dirname(this.options.fallbackLog), { recursive: true });
      await appendFile(this.options.fallbackLog, `${JSON.stringify(record)}\n`);
    }
    return record;
  }
}
