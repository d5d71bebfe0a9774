import type { DeviceKind } from "../contract/identity-proof.ts";
import type { RegistryAnswer } from "./insured-registry.ts";
import { toInsuredRecord } from "./eligibility.ts";
import type { QualificationResult, QualificationValidity, ReferenceClassification } from "../contract/qualification-result.ts";

/** What every result carries. */
export interface ResultHeader {
  referenceClassification: ReferenceClassification;
  /** 資格確認日, YYYYMMDD (Japan time). */
  qualificationConfirmationDate: string;
  medicalInstitutionCode: string;
  arbitraryFileIdentifier?: string;
}

/** processingResultCode of an answered qualification whose validity is not 1. */
const VALIDITY_CODES: Readonly<Record<QualificationValidity, string | undefined>> = {
  "1": undefined,
  "2": "eligibility-lost",
  "3": "newer-eligibility-exists",
  "4": "no-eligibility",
  "5": "several-matches",
  "6": "registration-pending",
};

const VALIDITY_MESSAGES: Readonly<Record<QualificationValidity, string>> = {
  "1": "有効",
  "2": "無効",
  "3": "無効（新しい資格あり）",
  "4": "該当資格なし",
  "5": "複数該当",
  "6": "有効（未登録）",
};

function header(h: ResultHeader): Pick<QualificationResult, "referenceClassification" | "qualificationConfirmationDate" | "medicalInstitutionCode" | "arbitraryFileIdentifier"> {
  return {
    referenceClassification: h.referenceClassification,
    qualificationConfirmationDate: h.qualificationConfirmationDate,
    medicalInstitutionCode: h.medicalInstitutionCode,
    ...(h.arbitraryFileIdentifier !== undefined ? { arbitraryFileIdentifier: h.arbitraryFileIdentifier } : {}),
  };
}

/** A refusal: processing error (ProcessingResultStatus 2, SegmentOfResult 9) with a machine-readable code. */
export function refusedResult(h: ResultHeader, code: string, message: string, deviceKind?: DeviceKind): QualificationResult {
  return {
    processingResultStatus: "2",
    segmentOfResult: "9",
    ...header(h),
    processingResultCode: code,
    processingResultMessage: message,
    ...(deviceKind !== undefined ? { deviceKind } : {}),
  };
}

/** An answer from the registry (ProcessingResultStatus 1, SegmentOfResult 1), with the insured record when there is one. */
export function answeredResult(
  h: ResultHeader,
  answer: RegistryAnswer,
  extra: { qualificationId: string; withLimitCertificate: boolean; deviceKind?: DeviceKind; certificateInGrace?: boolean },
): QualificationResult {
  const code = VALIDITY_CODES[answer.validity];
  return {
    processingResultStatus: "1",
    segmentOfResult: "1",
    ...header(h),
    qualificationValidity: answer.validity,
    ...(code !== undefined ? { processingResultCode: code } : {}),
    processingResultMessage: VALIDITY_MESSAGES[answer.validity],
    ...(answer.eligibility !== undefined ? { insured: toInsuredRecord(answer.eligibility, h.qualificationConfirmationDate, extra.withLimitCertificate) } : {}),
    qualificationId: extra.qualificationId,
    ...(extra.deviceKind !== undefined ? { deviceKind: extra.deviceKind } : {}),
    ...(extra.certificateInGrace !== undefined ? { certificateInGrace: extra.certificateInGrace } : {}),
  };
}
