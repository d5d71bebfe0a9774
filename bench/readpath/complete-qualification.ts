import type { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import type { ConsentInput } from "../../sim/onshi/onshi-service.ts";
import type { CounterDevice } from "./counter-device.ts";

/** The consents the patient gives on the reader's screens (all shared, no cost-cap data). */
export const BENCH_CONSENT: ConsentInput = {
  specificHealthCheckInfo: true,
  pharmacistsInfo: true,
  diagnosisInfo: true,
  operationInfo: true,
  limitApplicationCertificateRelatedConsFlg: false,
};

/** Times of one complete qualification, ms from its start. */
export interface QualificationTiming {
  /** Until the service answered the qualification (challenge + device read + identity proof with consent). */
  answerMs: number;
  /** The complete path (the same moment: the consent travels with the proof). */
  totalMs: number;
}

/**
 * One complete online qualification at a counter, as the terminal does it: a fresh challenge (kept from the previous
 * answer, or asked for over HTTP when none is kept or it is about to expire), the device read
 * with real APDUs (PIN or Face ID, auth certificate, RSA-2048 signature of the challenge), then the identity proof with
 * the consents the patient gave on the reader's screens (HTTP; the service records both in one journal entry).
 * Throws when any step does not end as a qualified patient with consent recorded.
 */
export async function completeQualification(client: OnshiClient, device: CounterDevice): Promise<QualificationTiming> {
  const start = performance.now();
  const { challengeId, challenge } = await client.requestChallenge();
  const proof = await device.prove(challengeId, challenge);
  const result = await client.qualify(proof, { consent: BENCH_CONSENT });
  const answered = performance.now();
  if (result.processingResultStatus !== "1" || result.qualificationId === undefined) {
    throw new Error(`the ${device.kind} of ${device.personaId} was refused: ${result.processingResultCode ?? "?"} (${result.processingResultMessage ?? ""})`);
  }
  if (result.qualificationValidity !== "1") {
    throw new Error(`the ${device.kind} of ${device.personaId} answered QualificationValidity ${result.qualificationValidity ?? "?"}, not 1 (is its certificate linked?)`);
  }
  if (typeof result.consent?.consentTime !== "string") throw new Error(`no consent time recorded for ${result.qualificationId}`);
  return { answerMs: answered - start, totalMs: answered - start };
}
