import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { QualificationResult } from "../contract/qualification-result.ts";
import type { FallbackCause, FallbackKind, FallbackRecord } from "./fallback.ts";
import type { IdentityProof } from "../contract/identity-proof.ts";
import { buildErrorResultXml, buildResultXml } from "./oqs/oqs-result-xml.ts";
import type { ResFolder } from "./oqs/res-folder.ts";
import type { ConsentChoice, QualificationService } from "../contract/qualification-service.ts";

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
   * When the service cannot be reached, writes an error result file (SegmentOfResult 9) so the receipt computer knows,
   * and rejects with {@link ServiceUnreachableError}; the patient then goes to the fallbacks (DOMAIN.md §5).
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
      const message = `online qualification service unreachable: ${(e as Error).message}`;
      const xml = buildErrorResultXml({
        medicalInstitutionCode: this.options.medicalInstitutionCode,
        referenceClassification: "1",
        errorCode: "E-SERVICE",
        errorMessage: message,
        at,
        ...(read.arbitraryFileIdentifier ? { arbitraryFileIdentifier: read.arbitraryFileIdentifier } : {}),
      });
      throw new ServiceUnreachableError(message, await res.writeFaceResult(xml, at), { cause: e });
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
