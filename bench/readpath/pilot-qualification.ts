import type { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { OnshiHttpError } from "../../sim/onshi/onshi-http-error.ts";
import { BENCH_CONSENT } from "./complete-qualification.ts";
import { type CounterDevice, DeviceReadError } from "./counter-device.ts";
import type { FaultInjectingTransport } from "./fault-injecting-transport.ts";
import type { PilotVisit } from "./pilot-outcome-counts.ts";
import { expectedPilotOutcome, type PilotPatientPlan } from "./pilot-patient-plan.ts";

/** What a counter lends a pilot-mix patient. */
export interface PilotCounter {
  readonly client: OnshiClient;
  readonly faults: FaultInjectingTransport;
  /** The device of the plan (the clean pool's, or a special one). */
  deviceFor(plan: PilotPatientPlan): CounterDevice;
}

/** Attempts of the service call: the first, and one retry after a 5xx (the terminal's bounded retry, MODELLED). */
const SERVICE_ATTEMPTS = 2;

/**
 * One pilot-mix patient at a counter, as the plan says: a premature tap first (guidance, then the patient holds
 * again), the device read with real APDUs (a mistyped PIN costs a try, three block the card: the read ends there),
 * the identity proof over HTTP with the plan's fault injected (a 5xx: the terminal reads again on a fresh challenge,
 * once), and the answer. Returns the visit and the device signatures made; throws when the outcome is not the one
 * {@link expectedPilotOutcome} predicts (the bench would be measuring something else).
 */
export async function pilotQualification(counter: PilotCounter, plan: PilotPatientPlan): Promise<{ visit: PilotVisit; signatures: number }> {
  const device = counter.deviceFor(plan);
  const visit: PilotVisit = { outcome: "", guidance: [], retries: [] };
  let signatures = 0;
  if (plan.prematureTap) {
    visit.guidance.push(await device.tapTooEarly());
    visit.retries.push("premature-tap");
  }
  if (plan.pin === "wrong-once") visit.retries.push("wrong-pin");
  for (let attempt = 0; attempt < SERVICE_ATTEMPTS && visit.outcome === ""; attempt++) {
    const { challengeId, challenge } = await counter.client.requestChallenge();
    let proof;
    try {
      proof = await device.prove(challengeId, challenge, { pin: attempt === 0 ? plan.pin : "right" });
    } catch (error) {
      if (!(error instanceof DeviceReadError)) throw error;
      visit.outcome = `device-error:${error.code}`;
      break;
    }
    signatures++;
    if (attempt === 0) counter.faults.arm(plan.fault, plan.slowMs);
    try {
      const result = await counter.client.qualify(proof, { consent: BENCH_CONSENT });
      visit.outcome = result.processingResultStatus === "1" ? "qualified" : `refused:${result.processingResultCode ?? "?"}`;
    } catch (error) {
      if (!(error instanceof OnshiHttpError) || error.status < 500 || attempt + 1 >= SERVICE_ATTEMPTS) throw error;
      visit.retries.push("service-5xx");
    }
  }
  const expected = expectedPilotOutcome(plan);
  if (visit.outcome !== expected) throw new Error(`the ${device.kind} of ${device.personaId} (${JSON.stringify(plan)}) ended ${visit.outcome || "nowhere"}, expected ${expected}`);
  return { visit, signatures };
}
