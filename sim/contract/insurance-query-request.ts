/** An insurance-data query (ReferenceClassification 2) from an `OQSsiquc01req_*.xml` file. */
export interface InsuranceQueryRequest {
  qualificationConfirmationDate: string;
  medicalInstitutionCode: string;
  arbitraryFileIdentifier?: string;
  insurerNumber: string;
  insuredCardSymbol: string;
  insuredIdentificationNumber: string;
  insuredBranchNumber?: string;
  birthdate: string;
  limitApplicationCertificateRelatedConsFlg: boolean;
}
