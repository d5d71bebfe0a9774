import { XMLParser, XMLValidator } from "fast-xml-parser";
import { type InsuranceQueryRequest } from "../../contract/index.ts";
import { OqsRequestError } from "./oqs-request-error.ts";
import { xmlOutline } from "./xml-outline.ts";

/** Largest request file accepted (requests are a few hundred bytes). */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Deepest element nesting accepted (a request nests 4 deep: XmlMsg / MessageBody / QualificationConfirmSearchInfo / field). */
export const MAX_REQUEST_DEPTH = 16;

// Entities and DOCTYPEs are refused outright (no entity expansion, no external entities).
const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  maxNestedTags: MAX_REQUEST_DEPTH,
});

/** The validator's error kinds in our words (its own messages quote its internals). */
const NOT_WELL_FORMED: Readonly<Record<string, string>> = {
  InvalidTag: "a tag is malformed, or closes an element that is not open",
  InvalidAttr: "an attribute is malformed",
  InvalidChar: "an unexpected character (a bare & or <?)",
  InvalidXml: "text outside the root element, or more than one root element",
};

/**
 * The error for a text the validator refused, worded in our terms with its line. Marked incomplete: a file cut off
 * anywhere (in a tag, a value, between elements) is not well-formed, so any such text may be a file still being
 * written; the REQ folder answers it once it stopped changing.
 */
function notWellFormed(source: string, error: { code: string; msg: string; line: number }): OqsRequestError {
  const { open } = xmlOutline(source);
  const innermost = open.at(-1);
  if (source.trim() === "" || /^Start tag expected/.test(error.msg)) {
    return new OqsRequestError("E-XML", "XmlMsg", "not well-formed XML: no root element (empty, or not XML)", { incomplete: true });
  }
  if (innermost !== undefined && (/^Unclosed tag/.test(error.msg) || /^Invalid '\[/.test(error.msg))) {
    return new OqsRequestError("E-XML", "XmlMsg", `not well-formed XML at line ${error.line}: the document ends before element <${innermost}> is closed`, { incomplete: true });
  }
  return new OqsRequestError("E-XML", "XmlMsg", `not well-formed XML at line ${error.line}: ${NOT_WELL_FORMED[error.code] ?? "the document cannot be read"}`, { incomplete: true });
}

type Node = Record<string, unknown>;

function child(node: Node, name: string, path: string): Node {
  const v = node[name];
  if (v === undefined || v === null || typeof v !== "object" || Array.isArray(v)) throw new OqsRequestError("E-FIELD", path === "" ? name : `${path}/${name}`, "missing or not a single element");
  return v as Node;
}

function text(node: Node, name: string, required: boolean): string | undefined {
  const v = node[name];
  if (v === undefined || v === "") {
    if (required) throw new OqsRequestError("E-FIELD", name, "is required");
    return undefined;
  }
  if (typeof v !== "string") throw new OqsRequestError("E-FIELD", name, "must be text, once");
  return v;
}

function validDate(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(4, 6));
  const d = Number(value.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function check(field: string, value: string, ok: boolean, rule: string): void {
  if (!ok) throw new OqsRequestError("E-FIELD", field, `${rule}, got ${JSON.stringify(value.slice(0, 40))}`);
}

/**
 * Parses and validates a single-query request file. Throws {@link OqsRequestError} naming the bad element:
 * malformed XML (worded in our terms, with its line; `incomplete` when the text ends inside an element or has none),
 * a DOCTYPE or entity, nesting deeper than {@link MAX_REQUEST_DEPTH}, a missing or malformed field, or a reference
 * classification other than 2.
 */
export function parseRequestXml(source: string): InsuranceQueryRequest {
  if (Buffer.byteLength(source, "utf8") > MAX_REQUEST_BYTES) throw new OqsRequestError("E-SIZE", "XmlMsg", `file larger than ${MAX_REQUEST_BYTES} bytes`);
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) throw new OqsRequestError("E-XML", "XmlMsg", "DOCTYPE and entity declarations are not accepted");
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw notWellFormed(source, valid.err);
  if (xmlOutline(source).maxDepth > MAX_REQUEST_DEPTH) throw new OqsRequestError("E-XML", "XmlMsg", `elements nested deeper than ${MAX_REQUEST_DEPTH} levels`);
  let doc: Node;
  try {
    doc = parser.parse(source) as Node;
  } catch {
    throw new OqsRequestError("E-XML", "XmlMsg", "the document cannot be read as a request");
  }
  const root = child(doc, "XmlMsg", "");
  const header = child(root, "MessageHeader", "XmlMsg");
  const body = child(root, "MessageBody", "XmlMsg");
  const search = child(body, "QualificationConfirmSearchInfo", "XmlMsg/MessageBody");
  const classification = text(header, "ReferenceClassification", true) as string;
  if (classification !== "2") throw new OqsRequestError("E-CLASS", "ReferenceClassification", `only 2 (insurance data) is answered from the REQ folder, got "${classification}"`);
  const request: InsuranceQueryRequest = {
    qualificationConfirmationDate: text(header, "QualificationConfirmationDate", true) as string,
    medicalInstitutionCode: text(header, "MedicalInstitutionCode", true) as string,
    insurerNumber: text(search, "InsurerNumber", true) as string,
    insuredCardSymbol: text(search, "InsuredCardSymbol", false) ?? "",
    insuredIdentificationNumber: text(search, "InsuredIdentificationNumber", true) as string,
    birthdate: text(search, "Birthdate", true) as string,
    limitApplicationCertificateRelatedConsFlg: text(search, "LimitApplicationCertificateRelatedConsFlg", false) === "1",
  };
  const fileId = text(header, "ArbitraryFileIdentifier", false);
  if (fileId !== undefined) request.arbitraryFileIdentifier = fileId;
  const branch = text(search, "InsuredBranchNumber", false);
  if (branch !== undefined) request.insuredBranchNumber = branch;
  check("QualificationConfirmationDate", request.qualificationConfirmationDate, validDate(request.qualificationConfirmationDate), "must be a date YYYYMMDD");
  check("MedicalInstitutionCode", request.medicalInstitutionCode, /^\d{10}$/.test(request.medicalInstitutionCode), "must be 10 digits");
  check("InsurerNumber", request.insurerNumber, /^(\d{6}|\d{8})$/.test(request.insurerNumber), "must be 6 or 8 digits");
  check("InsuredCardSymbol", request.insuredCardSymbol, request.insuredCardSymbol.length <= 38, "must be at most 38 characters");
  check("InsuredIdentificationNumber", request.insuredIdentificationNumber, request.insuredIdentificationNumber.length <= 38, "must be at most 38 characters");
  if (request.insuredBranchNumber !== undefined) check("InsuredBranchNumber", request.insuredBranchNumber, /^\d{2}$/.test(request.insuredBranchNumber), "must be 2 digits");
  check("Birthdate", request.birthdate, validDate(request.birthdate), "must be a date YYYYMMDD");
  if (fileId !== undefined) check("ArbitraryFileIdentifier", fileId, /^[A-Za-z0-9_-]{1,30}$/.test(fileId), "must be 1–30 of A–Z a–z 0–9 _ -");
  return request;
}
