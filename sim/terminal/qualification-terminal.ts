import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { QualificationResult } from "../onshi/qualification-result.ts";
import type { FallbackCause, FallbackKind, FallbackRecord } from "./fallback.ts";
import type { IdentityProof } from "./identity-proof.ts";
import { buildResultXml } from "./oqs/oqs-result-xml.ts";
import type { ResFolder } from "./oqs/res-folder.ts";
import type { ConsentChoice, QualificationService } from "./qualification-service.ts";

/** A completed read as the face-auth reader hands it over: the proof, and the consents chosen on its screens. */
export interface CompletedRead {
  proof: IdentityProof;
  consent?: ConsentChoice;
  prescriptionIssueSelect?: "1" | "2";
  arbitraryFileIdentifier?: string;
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

  /** Qualifies a completed read; on a valid answer records consent; writes `OQSsiquc01res_face_*.xml` either way. */
  async completeRead(read: CompletedRead): Promise<{ result: QualificationResult; resultFile: string }> {
    const { service, res } = this.options;
    let result = await service.qualify(read.proof, read.arbitraryFileIdentifier ? { arbitraryFileIdentifier: read.arbitraryFileIdentifier } : {});
    if (result.qualificationValidity === "1" && result.qualificationId && read.consent) {
      const consent = await service.recordConsent(result.qualificationId, read.consent);
      result = { ...result, consent };
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
