import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { QualificationResult } from "../../../sim/contract/qualification-result.ts";
import { OqsRequestError } from "../../../sim/terminal/oqs/oqs-request-error.ts";
import { parseRequestXml } from "../../../sim/terminal/oqs/oqs-request-xml.ts";
import { buildErrorResultXml, buildResultXml } from "../../../sim/terminal/oqs/oqs-result-xml.ts";
import { requestXml } from "./request-xml-fixture.ts";

const parser = new XMLParser({ parseTagValue: false, processEntities: false });

const VALID: QualificationResult = {
  processingResultStatus: "1",
  segmentOfResult: "1",
  referenceClassification: "1",
  qualificationConfirmationDate: "20261122",
  medicalInstitutionCode: "1312345678",
  qualificationValidity: "1",
  qualificationId: "q-1",
  insured: {
    insurerNumber: "06139998",
    insurerName: "テスト健康保険組合",
    insuredCardSymbol: "記号01",
    insuredIdentificationNumber: "000123",
    insuredBranchNumber: "00",
    personalFamilyClassification: "1",
    name: "山田 太郎",
    nameKana: "ヤマダ タロウ",
    sex: "1",
    birthdate: "19800401",
    qualificationDate: "20200401",
    copaymentRatio: "030",
  },
  consent: {
    specificHealthCheckInfo: true,
    pharmacistsInfo: true,
    diagnosisInfo: false,
    operationInfo: false,
    limitApplicationCertificateRelatedConsFlg: false,
    consentTime: "2026-11-22T01:02:03.000Z",
  },
};

describe("OQS result XML", () => {
  it("writes the public element names with codes as strings (leading zeros kept)", () => {
    const doc = parser.parse(buildResultXml(VALID, { at: new Date("2026-11-22T01:02:03Z"), prescriptionIssueSelect: "1" }));
    const header = doc.XmlMsg.MessageHeader;
    expect(header.MedicalInstitutionCode).toBe("1312345678");
    expect(header.ProcessExecutionTime).toBe("20261122100203");
    expect([header.ReferenceClassification, header.SegmentOfResult]).toEqual(["1", "1"]);
    const body = doc.XmlMsg.MessageBody;
    expect([body.ProcessingResultStatus, body.QualificationValidity, body.PrescriptionIssueSelect]).toEqual(["1", "1", "1"]);
    const r = body.ResultList.ResultOfQualificationConfirmation;
    expect(r.InsurerNumber).toBe("06139998");
    expect(r.InsuredIdentificationNumber).toBe("000123");
    expect(r.InsuredPartialContributionRatio).toBe("030");
    expect([r.PharmacistsInfoConsFlg, r.DiagnosisInfoConsFlg]).toEqual(["1", "0"]);
    expect(r.PharmacistsInfoConsTime).toBe("20261122100203");
  });

  it("escapes text so a name cannot break the document", () => {
    const evil = { ...VALID, insured: { ...VALID.insured!, name: `</Name><Injected>1</Injected>&` } };
    const doc = parser.parse(buildResultXml(evil, { at: new Date() }));
    expect(doc.XmlMsg.MessageBody.ResultList.ResultOfQualificationConfirmation.Injected).toBeUndefined();
  });

  it("writes error results with SegmentOfResult 9", () => {
    const doc = parser.parse(buildErrorResultXml({ medicalInstitutionCode: "1312345678", referenceClassification: "2", errorCode: "E-FIELD", errorMessage: "Birthdate: bad", at: new Date() }));
    expect(doc.XmlMsg.MessageHeader.SegmentOfResult).toBe("9");
    expect(doc.XmlMsg.MessageHeader.ErrorCode).toBe("E-FIELD");
    expect(doc.XmlMsg.MessageBody.ProcessingResultStatus).toBe("2");
  });
});

describe("OQS request XML", () => {
  it("parses an insurance-data query", () => {
    const r = parseRequestXml(requestXml({}));
    expect(r).toMatchObject({ medicalInstitutionCode: "1312345678", insurerNumber: "06139998", insuredIdentificationNumber: "000123", birthdate: "19800401", insuredBranchNumber: "00", limitApplicationCertificateRelatedConsFlg: true });
  });

  it.each([
    ["not XML at all", "hello", "XmlMsg"],
    ["a DOCTYPE (entity expansion)", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><XmlMsg/>`, "XmlMsg"],
    ["a bad birth date", requestXml({ Birthdate: "19801301" }), "Birthdate"],
    ["a 7-digit insurer number", requestXml({ InsurerNumber: "0613999" }), "InsurerNumber"],
    ["a missing number", requestXml({ InsuredIdentificationNumber: "" }), "InsuredIdentificationNumber"],
    ["classification 1", requestXml({ ReferenceClassification: "1" }), "ReferenceClassification"],
    ["a bad facility code", requestXml({ MedicalInstitutionCode: "12" }), "MedicalInstitutionCode"],
  ])("refuses %s, naming the element", (_label, xml, field) => {
    try {
      parseRequestXml(xml);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OqsRequestError);
      expect((e as OqsRequestError).field).toContain(field);
    }
  });
});
