/** A request file with defaults, any field overridden (an empty string leaves the element out). */
export function requestXml(fields: Partial<Record<string, string>>): string {
  const f: Record<string, string> = {
    QualificationConfirmationDate: "20261122",
    MedicalInstitutionCode: "1312345678",
    ArbitraryFileIdentifier: "REQ0001",
    ReferenceClassification: "2",
    InsurerNumber: "06139998",
    InsuredCardSymbol: "記号01",
    InsuredIdentificationNumber: "000123",
    InsuredBranchNumber: "00",
    Birthdate: "19800401",
    LimitApplicationCertificateRelatedConsFlg: "1",
    ...fields,
  };
  const el = (name: string) => (f[name] ? `<${name}>${f[name]}</${name}>` : "");
  return `<?xml version="1.0" encoding="UTF-8"?>
<XmlMsg>
  <MessageHeader>${el("QualificationConfirmationDate")}${el("MedicalInstitutionCode")}${el("ArbitraryFileIdentifier")}${el("ReferenceClassification")}</MessageHeader>
  <MessageBody><QualificationConfirmSearchInfo>${el("InsurerNumber")}${el("InsuredCardSymbol")}${el("InsuredIdentificationNumber")}${el("InsuredBranchNumber")}${el("Birthdate")}${el("LimitApplicationCertificateRelatedConsFlg")}</QualificationConfirmSearchInfo></MessageBody>
</XmlMsg>
`;
}
