import { z } from "zod";
import type { QualificationResult } from "../contract/qualification-result.ts";
import type { JournalEvent } from "./journal-event.ts";
import { formatFieldPath } from "../contract/field-path.ts";

/**
 * The journal's events as zod schemas. The journal is written only by this service, so this guards against damage
 * (a line that parses as JSON but lacks or mangles fields), not against a hostile writer: replaying such a line would
 * otherwise fail deep inside the state with an error that names neither the file nor the line.
 */

const text = z.string().min(1);
const time = z.number().finite();
const deviceKind = z.enum(["card", "iphone", "android"]);
const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, { error: "must be base64" }).min(4);

const consentRecord = z.object({
  specificHealthCheckInfo: z.boolean(),
  pharmacistsInfo: z.boolean(),
  diagnosisInfo: z.boolean(),
  operationInfo: z.boolean(),
  limitApplicationCertificateRelatedConsFlg: z.boolean(),
  consentTime: z.string(),
});

/** The answer as given: kept as written (only its outline is checked: an object with a status). */
const result = z.custom<QualificationResult>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { processingResultStatus?: unknown }).processingResultStatus === "string",
  { error: "must be a qualification result (an object with processingResultStatus)" },
);

const storedQualification = z.object({
  id: text,
  facility: text,
  deviceKind: deviceKind.optional(),
  personId: text.optional(),
  challengeId: text.optional(),
  challengeExpiresAt: time.optional(),
  at: time,
  counted: z.boolean(),
  result,
  consent: consentRecord.optional(),
});

const journalEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("challenge-used"), at: time, facility: text, challengeId: text, expiresAt: time }),
  z.object({ type: z.literal("qualified"), at: time, qualification: storedQualification }),
  z.object({ type: z.literal("consent"), at: time, facility: text, qualificationId: text, consent: consentRecord }),
  z.object({ type: z.literal("reader-registered"), at: time, facility: text, readerId: text, publicKey: base64 }),
  z.object({ type: z.literal("opt-out"), at: time, facility: text }),
  z.object({ type: z.literal("link"), at: time, serialNumber: text, personaId: text, deviceKind }),
  z.object({ type: z.literal("revocation"), at: time, serialNumber: text, date: time }),
]);

/**
 * Checks one journal line (without its `seq`) field by field and returns it typed. Throws a TypeError naming the first
 * bad field, e.g. `qualification.id: Invalid input: expected string, received undefined`.
 */
export function parseJournalEvent(value: unknown): JournalEvent {
  const parsed = journalEvent.safeParse(value);
  if (parsed.success) return parsed.data as JournalEvent;
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? "line" : formatFieldPath(issue.path);
  throw new TypeError(`${field}: ${issue?.message ?? "is invalid"}`);
}
