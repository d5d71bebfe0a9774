import { XMLBuilder } from "fast-xml-parser";
import type { QualificationResult } from "../../contract/qualification-result.ts";
import { oqsDate, oqsDateTime, oqsDateTimeFromIso } from "./oqs-dates.ts";

/** What the receipt computer learns besides the service's answer: prescription choice, how the patient was checked. */
export interface OqsResultExtras {
  /** PrescriptionIssueSelect: 1 electronic prescription, 2 paper (modelled codes). */
  prescriptionIssueSelect?: "1" | "2";
  /** When the file is written (ProcessExecutionTime). */
  at: Date;
}

/** A result that could not be obtained: SegmentOfResult 9 with an error code and message. */
export interface OqsErrorResult {
  medicalInstitutionCode: string;
  arbitraryFileIdentifier?: string;
  referenceClassification: "1" | "2";
  errorCode: string;
  errorMessage: string;
  at: Date;
}

const builder = new XMLBuilder({ format: true, indentBy: "  ", suppressEmptyNode: false, processEntities: true });

const flag = (b: boolean | undefined) => (b ? "1" : "0");

function xml(body: object): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ XmlMsg: body })}`;
}

/**
 * An `OQSsiquc01res_*.xml` document for a qualification answer. The element names are the public ones (docs/domain/oqs-files.md:
 * XmlMsg / MessageHeader / MessageBody / ResultList / ResultOfQualificationConfirmation); the exact layout of the vendor
 * specification is not public, so order and optional elements here are ours.
 */
export function buildResultXml(result: QualificationResult, extras: OqsResultExtras): string {
  const insured = result.insured;
  const consent = result.consent;
  const header = {
    ProcessExecutionTime: oqsDateTime(extras.at),
    QualificationConfirmationDate: result.qualificationConfirmationDate,
    MedicalInstitutionCode: result.medicalInstitutionCode,
    ...(result.arbitraryFileIdentifier ? { ArbitraryFileIdentifier: result.arbitraryFileIdentifier } : {}),
    ReferenceClassification: result.referenceClassification,
    SegmentOfResult: result.segmentOfResult,
    CharacterCodeIdentifier: "0",
  };
  const confirmation = insured
    ? {
        InsurerNumber: insured.insurerNumber,
        InsurerName: insured.insurerName,
        InsuredCardSymbol: insured.insuredCardSymbol,
        InsuredIdentificationNumber: insured.insuredIdentificationNumber,
        InsuredBranchNumber: insured.insuredBranchNumber,
        PersonalFamilyClassification: insured.personalFamilyClassification,
        Name: insured.name,
        NameKana: insured.nameKana,
        Sex1: insured.sex,
        Birthdate: insured.birthdate,
        QualificationDate: insured.qualificationDate,
        ...(insured.disqualificationDate ? { DisqualificationDate: insured.disqualificationDate } : {}),
        ...(insured.reasonOfLoss ? { ReasonOfLoss: insured.reasonOfLoss } : {}),
        InsuredPartialContributionRatio: insured.copaymentRatio,
        ...(consent
          ? {
              SpecificHealthCheckupsInfoConsFlg: flag(consent.specificHealthCheckInfo),
              SpecificHealthCheckupsInfoConsTime: oqsDateTimeFromIso(consent.consentTime),
              PharmacistsInfoConsFlg: flag(consent.pharmacistsInfo),
              PharmacistsInfoConsTime: oqsDateTimeFromIso(consent.consentTime),
              DiagnosisInfoConsFlg: flag(consent.diagnosisInfo),
              DiagnosisInfoConsTime: oqsDateTimeFromIso(consent.consentTime),
              OperationInfoConsFlg: flag(consent.operationInfo),
              OperationInfoConsTime: oqsDateTimeFromIso(consent.consentTime),
              LimitApplicationCertificateRelatedConsFlg: flag(consent.limitApplicationCertificateRelatedConsFlg),
              LimitApplicationCertificateRelatedConsTime: oqsDateTimeFromIso(consent.consentTime),
            }
          : {}),
        ...(insured.limitApplicationCertificate && consent?.limitApplicationCertificateRelatedConsFlg
          ? {
              LimitApplicationCertificateRelatedInfo: {
                LimitApplicationCertificateClassification: insured.limitApplicationCertificate.classification,
                LimitApplicationCertificateValidStartDate: insured.limitApplicationCertificate.validFrom,
                ...(insured.limitApplicationCertificate.validTo ? { LimitApplicationCertificateValidEndDate: insured.limitApplicationCertificate.validTo } : {}),
              },
            }
          : {}),
      }
    : undefined;
  const body = {
    ProcessingResultStatus: result.processingResultStatus,
    ...(result.processingResultCode ? { ProcessingResultCode: result.processingResultCode } : {}),
    ...(result.processingResultMessage ? { ProcessingResultMessage: result.processingResultMessage } : {}),
    ...(result.qualificationValidity ? { QualificationValidity: result.qualificationValidity } : {}),
    ...(confirmation ? { ResultList: { ResultOfQualificationConfirmation: confirmation } } : {}),
    ...(extras.prescriptionIssueSelect ? { PrescriptionIssueSelect: extras.prescriptionIssueSelect } : {}),
  };
  return xml({ MessageHeader: header, MessageBody: body });
}

/** An error result (SegmentOfResult 9, ProcessingResultStatus 2) for a request that could not be answered. */
export function buildErrorResultXml(e: OqsErrorResult): string {
  return xml({
    MessageHeader: {
      ProcessExecutionTime: oqsDateTime(e.at),
      QualificationConfirmationDate: oqsDate(e.at),
      MedicalInstitutionCode: e.medicalInstitutionCode,
      ...(e.arbitraryFileIdentifier ? { ArbitraryFileIdentifier: e.arbitraryFileIdentifier } : {}),
      ReferenceClassification: e.referenceClassification,
      SegmentOfResult: "9",
      ErrorCode: e.errorCode,
      ErrorMessage: e.errorMessage,
      CharacterCodeIdentifier: "0",
    },
    MessageBody: { ProcessingResultStatus: "2" },
  });
}
