import { createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { CertificateCache } from "./certificate-cache.ts";
import { isValidInsurerNumber } from "./insurer-number.ts";
import { isCompactDate } from "./japan-date.ts";
import { formatFieldPath } from "../contract/field-path.ts";

/**
 * The request bodies of the HTTP API, as zod schemas: they validate, decode base64 to bytes and parse certificates and
 * keys, so that handlers get typed values and a malformed request is answered 400 naming its first bad field.
 */

/** An error message that says "is required" for a missing field and `what` otherwise. */
function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? "is required" : what);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard base64 (with padding) decoded to bytes; `min` to `max` bytes. The text length is checked first (cheap, and
 * bounds the decoding), then the decoded length: base64 comes in groups of 3 bytes, so a text short enough can still
 * encode up to 2 bytes too many (a 65-byte challenge has the length of a 66-byte one).
 */
function bytes(min = 1, max = 16_384) {
  return z
    .string({ error: expected("must be a base64 string") })
    .max(Math.ceil(max / 3) * 4, { error: `must encode at most ${max} bytes` })
    .regex(BASE64, { error: "is not valid base64" })
    .transform((text, ctx) => {
      const decoded = new Uint8Array(Buffer.from(text, "base64"));
      if (decoded.length < min) ctx.addIssue({ code: "custom", message: `must encode at least ${min} bytes` });
      if (decoded.length > max) ctx.addIssue({ code: "custom", message: `must encode at most ${max} bytes` });
      return decoded;
    });
}

/** Certificates parsed once per distinct text (see {@link CertificateCache}). */
const certificates = new CertificateCache();

// The base64 check runs only on a text the cache does not hold: the cache holds only texts that passed it, and the same
// devices send the same ~1.7 KB certificate again and again (a regex over it costs more than the lookup).
const certificate = z
  .string({ error: expected("must be a base64 string") })
  .max(Math.ceil(16_384 / 3) * 4, { error: "must encode at most 16384 bytes" })
  .transform((text, ctx) => {
    const known = certificates.peek(text);
    if (known === null) {
      ctx.addIssue({ code: "custom", message: "is not a DER X.509 certificate" });
      return z.NEVER;
    }
    if (known !== undefined) return known;
    if (!BASE64.test(text)) {
      ctx.addIssue({ code: "custom", message: "is not valid base64" });
      return z.NEVER;
    }
    if (Buffer.byteLength(text, "base64") > 16_384) {
      ctx.addIssue({ code: "custom", message: "must encode at most 16384 bytes" });
      return z.NEVER;
    }
    const parsed = certificates.get(text);
    if (parsed === undefined) {
      ctx.addIssue({ code: "custom", message: "is not a DER X.509 certificate" });
      return z.NEVER;
    }
    return parsed;
  });

const publicKey = bytes(16, 4096).transform((der, ctx): { der: Uint8Array; key: KeyObject } => {
  try {
    return { der, key: createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" }) };
  } catch {
    ctx.addIssue({ code: "custom", message: "is not a DER SubjectPublicKeyInfo" });
    return z.NEVER;
  }
});

const deviceKind = z.enum(["card", "iphone", "android"], { error: expected("must be card, iphone or android") });
const text = (max: number) => z.string({ error: expected("must be a string") }).max(max, { error: `must have at most ${max} characters` });
const flag = z.boolean({ error: expected("must be true or false") });
const hexSerial = z.string({ error: expected("must be a string") }).regex(/^[0-9A-Fa-f]{1,40}$/, { error: expected("must be hex (at most 20 octets)") });

/** `POST /qualifications`: an IdentityProof (bytes as base64) and the request's extras. */
export const qualifyRequestSchema = z
  .object({
    deviceKind,
    method: z.enum(["face", "pin", "visual", "biometric"], { error: expected("must be face, pin, visual or biometric") }),
    certificate,
    challengeId: text(100).min(1, { error: "must not be empty" }),
    challenge: bytes(1, 64),
    deviceSignature: bytes(1, 1024).optional(),
    readerAttestation: z.object({ readerId: text(64).min(1, { error: "must not be empty" }), signature: bytes(1, 1024) }, { error: expected("must be an object") }).optional(),
    arbitraryFileIdentifier: text(64).optional(),
    limitApplicationCertificateRelatedConsFlg: flag.optional(),
    nextChallenge: flag.optional(),
    consent: z
      .object(
        { specificHealthCheckInfo: flag, pharmacistsInfo: flag, diagnosisInfo: flag, operationInfo: flag, limitApplicationCertificateRelatedConsFlg: flag },
        { error: expected("must be an object of five consent flags") },
      )
      .optional(),
  }, { error: expected("must be a JSON object") })
  .superRefine((body, ctx) => {
    if ((body.method === "pin" || body.method === "biometric") && body.deviceSignature === undefined) {
      ctx.addIssue({ code: "custom", path: ["deviceSignature"], message: `is required for method ${body.method}` });
    }
    if ((body.method === "face" || body.method === "visual") && body.readerAttestation === undefined) {
      ctx.addIssue({ code: "custom", path: ["readerAttestation"], message: `is required for method ${body.method}` });
    }
  });

/** `POST /qualifications/{id}/consent`: the five consents. */
export const consentRequestSchema = z.object(
  {
    specificHealthCheckInfo: flag,
    pharmacistsInfo: flag,
    diagnosisInfo: flag,
    operationInfo: flag,
    limitApplicationCertificateRelatedConsFlg: flag,
  },
  { error: expected("must be a JSON object") },
);

/** `POST /insurance-queries`: the numbers on the card and the birth date (ReferenceClassification 2). */
export const insuranceQuerySchema = z.object(
  {
    insurerNumber: z.string({ error: expected("must be a string") }).refine(isValidInsurerNumber, { error: expected("must be 6 or 8 digits with a valid check digit") }),
    insuredCardSymbol: text(38).optional(),
    insuredIdentificationNumber: text(38).min(1, { error: "must not be empty" }),
    insuredBranchNumber: z.string({ error: expected("must be a string") }).regex(/^(?:\d{2})?$/, { error: expected("must be 2 digits") }).optional(),
    birthdate: z.string({ error: expected("must be a string") }).refine(isCompactDate, { error: expected("must be a date YYYYMMDD") }),
    qualificationConfirmationDate: z.string({ error: expected("must be a string") }).refine(isCompactDate, { error: expected("must be a date YYYYMMDD") }).optional(),
    medicalInstitutionCode: z.string({ error: expected("must be a string") }).regex(/^\d{10}$/, { error: expected("must be 10 digits") }).optional(),
    arbitraryFileIdentifier: text(64).optional(),
    limitApplicationCertificateRelatedConsFlg: flag.optional(),
  },
  { error: expected("must be a JSON object") },
);

/** `POST /readers`: a face-auth reader's ID and public key (SPKI DER, base64). */
export const readerRequestSchema = z.object(
  { readerId: z.string({ error: expected("must be a string") }).regex(/^[A-Za-z0-9._:-]{1,64}$/, { error: expected("must be 1–64 of A–Z a–z 0–9 . _ : -") }), publicKey },
  { error: expected("must be a JSON object") },
);

/** `POST /admin/links` (MODELLED J-LIS feed). */
export const linkRequestSchema = z.object(
  { serialNumber: hexSerial, personaId: text(64).min(1, { error: "must not be empty" }), deviceKind },
  { error: expected("must be a JSON object") },
);

/** `POST /admin/revocations` (MODELLED J-LIS feed). */
export const revocationRequestSchema = z.object(
  { serialNumber: hexSerial, date: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).optional() },
  { error: expected("must be a JSON object") },
);

/** The first issue of a failed parse as `{ field, message }` (`field` is the dotted path, `body` for the whole body). */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? "body" : formatFieldPath(issue.path);
  return { field, message: `${field}: ${issue?.message ?? "is invalid"}` };
}
