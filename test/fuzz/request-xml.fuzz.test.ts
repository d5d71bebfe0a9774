import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { OqsRequestError } from "../../sim/terminal/oqs/oqs-request-error.ts";
import { parseRequestXml } from "../../sim/terminal/oqs/oqs-request-xml.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";

/** A well-formed insurance-data query (ReferenceClassification 2) as a receipt computer drops it in the REQ folder. */
const VALID = `<?xml version="1.0" encoding="UTF-8"?>
<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode><ArbitraryFileIdentifier>A1</ArbitraryFileIdentifier><ReferenceClassification>2</ReferenceClassification><QualificationConfirmationDate>20251001</QualificationConfirmationDate></MessageHeader><MessageBody><QualificationConfirmSearchInfo><InsurerNumber>06139011</InsurerNumber><InsuredCardSymbol>12</InsuredCardSymbol><InsuredIdentificationNumber>345</InsuredIdentificationNumber><InsuredBranchNumber>01</InsuredBranchNumber><Birthdate>19800101</Birthdate><LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg></QualificationConfirmSearchInfo></MessageBody></XmlMsg>`;

/** Edits of the valid document: a slice cut out, a string inserted, a range replaced. */
const mutated = fc
  .tuple(fc.nat({ max: VALID.length }), fc.nat({ max: 40 }), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("<", ">", "&", "<!DOCTYPE x>", "&amp;", "<a>", "</XmlMsg>", "\u0000", "]]>", "<![CDATA[", "&#x0;")))
  .map(([at, cut, insert]) => VALID.slice(0, at) + insert + VALID.slice(at + cut));

function expectAnswerOrClearRefusal(source: string): void {
  try {
    const request = parseRequestXml(source);
    expect(typeof request.insurerNumber).toBe("string");
  } catch (error) {
    expect(error).toBeInstanceOf(OqsRequestError);
    const refusal = error as OqsRequestError;
    expect(refusal.field.length).toBeGreaterThan(0);
    // A clear message, not the XML parser's internals.
    expect(refusal.message).not.toMatch(/TypeError|undefined|Cannot read|at [A-Za-z]+ \(/);
  }
}

describe("fuzz: REQ folder request XML (what a receipt computer writes)", () => {
  test("the unmutated document is a request", () => {
    expect(parseRequestXml(VALID).insurerNumber).toBe("06139011");
  });
  test.prop([mutated], fuzzParameters(1000))("a mutated request is answered or refused with an OqsRequestError naming the field", expectAnswerOrClearRefusal);
  test.prop([fc.string({ maxLength: 400 })], fuzzParameters(1000))("any text is answered or refused with an OqsRequestError", expectAnswerOrClearRefusal);
  test.prop([fc.integer({ min: 1, max: 3000 })], fuzzParameters(50))("deep nesting is refused without a stack overflow", (depth) => {
    expectAnswerOrClearRefusal(`<XmlMsg>${"<a>".repeat(depth)}${"</a>".repeat(depth)}</XmlMsg>`);
  });
});
