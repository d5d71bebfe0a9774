/**
 * The online qualification service's answer, shaped after the public field names of the OQS result files
 * (docs/domain/oqs-files.md; the exact layouts are in a vendor-only spec). Codes are strings as they appear in the files.
 */

/** ReferenceClassification: 1 by My Number Card (card or phone), 2 by insurance data. */
export type ReferenceClassification = "1" | "2";

/** SegmentOfResult: 1 normal, 2 processing, 9 abnormal. */
export type SegmentOfResult = "1" | "2" | "9";

/** ProcessingResultStatus: 1 normal, 2 error. */
export type ProcessingResultStatus = "1" | "2";

/**
 * QualificationValidity: 1 有効 valid, 2 無効 invalid, 3 無効（新しい資格あり） invalid with a newer eligibility,
 * 4 該当資格なし no such eligibility, 5 複数該当 several matches, 6 有効（未登録） valid (not registered).
 */
export type QualificationValidity = "1" | "2" | "3" | "4" | "5" | "6";

/** ReasonOfLoss: 01 death, 02 public assistance, 03 other insurance, 99 other. */
export type ReasonOfLoss = "01" | "02" | "03" | "99";

/** The consents a patient gives on the reader's screens, with the time each was given. */
export interface ConsentRecord {
  /** 特定健診情報 specific health check information. */
  specificHealthCheckInfo: boolean;
  /** 薬剤情報 drug information. */
  pharmacistsInfo: boolean;
  /** 診療情報 clinical information. */
  diagnosisInfo: boolean;
  /** 手術情報 surgery information. */
  operationInfo: boolean;
  /** 限度額適用認定証関連情報 cost-cap data for high-cost care. */
  limitApplicationCertificateRelatedConsFlg: boolean;
  /** ISO 8601 time the consent was recorded by the service. */
  consentTime: string;
}

/** An insured person's eligibility record as the service returns it. */
export interface InsuredRecord {
  /** 保険者番号: 6 or 8 digits with a valid check digit. */
  insurerNumber: string;
  insurerName: string;
  /** 記号 (may be empty). */
  insuredCardSymbol: string;
  /** 番号. */
  insuredIdentificationNumber: string;
  /** 枝番 (2 digits). */
  insuredBranchNumber: string;
  /** 1 self (本人), 2 family (家族). */
  personalFamilyClassification: "1" | "2";
  name: string;
  nameKana: string;
  /** 1 male, 2 female (3 other, modelled). */
  sex: "1" | "2" | "3";
  /** YYYYMMDD. */
  birthdate: string;
  /** 資格取得年月日 eligibility start, YYYYMMDD. */
  qualificationDate: string;
  /** 資格喪失年月日 eligibility loss, YYYYMMDD. */
  disqualificationDate?: string;
  reasonOfLoss?: ReasonOfLoss;
  /** 一部負担金割合, e.g. `030` = 30%. */
  copaymentRatio: string;
  /** 限度額適用認定証: category code and validity, when the person holds one and consented. */
  limitApplicationCertificate?: { classification: string; validFrom: string; validTo?: string };
}

/** One qualification answer. */
export interface QualificationResult {
  processingResultStatus: ProcessingResultStatus;
  segmentOfResult: SegmentOfResult;
  referenceClassification: ReferenceClassification;
  /** 資格確認日 YYYYMMDD. */
  qualificationConfirmationDate: string;
  /** 医療機関コード of the asking facility (10 digits). */
  medicalInstitutionCode: string;
  /** The request's ArbitraryFileIdentifier, echoed. */
  arbitraryFileIdentifier?: string;
  qualificationValidity?: QualificationValidity;
  /** Machine-readable reason when not valid or on error, e.g. `certificate-expired`, `signature-replayed`. */
  processingResultCode?: string;
  processingResultMessage?: string;
  insured?: InsuredRecord;
  consent?: ConsentRecord;
  /** ID of the qualification at the service (consent is recorded against it). */
  qualificationId?: string;
  /** The kind of device read (ReferenceClassification 1): as linked at issuance, else as the terminal said. */
  deviceKind?: "card" | "iphone" | "android";
  /** True when the certificate had expired but was accepted within the card's 3-month grace (docs/domain/rules.md). */
  certificateInGrace?: boolean;
}
