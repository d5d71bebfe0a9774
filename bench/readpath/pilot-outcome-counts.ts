import type { PilotPatientPlan } from "./pilot-patient-plan.ts";

/** How one pilot-mix patient ended at the counter. */
export interface PilotVisit {
  /** `qualified`, `refused:<processingResultCode>` or `device-error:<cause>`. */
  outcome: string;
  /** Guidance screens shown (screen IDs of sim/readers/face-auth/screen-machine.ts). */
  guidance: string[];
  /** Why the patient or the terminal tried again: `wrong-pin`, `premature-tap`, `service-5xx`. */
  retries: string[];
}

/** The outcome counts of pilot-mix patients. */
export interface PilotOutcomeCounts {
  patients: number;
  qualified: number;
  /** Of `qualified`: cards whose certificate expired within the 3-month grace. */
  qualifiedInGrace: number;
  /** Of `qualified`: after at least one retry. */
  qualifiedAfterRetry: number;
  /** Refused by the service, by processingResultCode. */
  refused: Record<string, number>;
  /** Ended at the device before the service was asked, by cause. */
  deviceErrors: Record<string, number>;
  /** Guidance screens shown, by screen ID. */
  guidance: Record<string, number>;
  /** Retries, by reason. */
  retries: Record<string, number>;
  /** Faults injected at the HTTP layer, by kind. */
  serviceFaults: Record<string, number>;
  /** Device signatures made (one per read that got past the PIN). */
  signatures: number;
}

/** No patients yet. */
export function emptyPilotOutcomes(): PilotOutcomeCounts {
  return { patients: 0, qualified: 0, qualifiedInGrace: 0, qualifiedAfterRetry: 0, refused: {}, deviceErrors: {}, guidance: {}, retries: {}, serviceFaults: {}, signatures: 0 };
}

const bump = (record: Record<string, number>, key: string, by = 1): void => {
  record[key] = (record[key] ?? 0) + by;
};

/** Counts one patient's visit. */
export function countPilotVisit(counts: PilotOutcomeCounts, plan: PilotPatientPlan, visit: PilotVisit, signatures: number): void {
  counts.patients++;
  counts.signatures += signatures;
  if (visit.outcome === "qualified") {
    counts.qualified++;
    if (plan.device === "card" && plan.certificate === "expired-in-grace") counts.qualifiedInGrace++;
    if (visit.retries.length > 0) counts.qualifiedAfterRetry++;
  } else if (visit.outcome.startsWith("refused:")) bump(counts.refused, visit.outcome.slice("refused:".length));
  else bump(counts.deviceErrors, visit.outcome.replace(/^device-error:/, ""));
  for (const g of visit.guidance) bump(counts.guidance, g);
  for (const r of visit.retries) bump(counts.retries, r);
  if (plan.fault !== "none" && visit.outcome !== "device-error:pin-blocked") bump(counts.serviceFaults, plan.fault);
}

/** The sum of several counts (threads, rows). */
export function mergePilotOutcomes(parts: readonly PilotOutcomeCounts[]): PilotOutcomeCounts {
  const all = emptyPilotOutcomes();
  for (const p of parts) {
    all.patients += p.patients;
    all.qualified += p.qualified;
    all.qualifiedInGrace += p.qualifiedInGrace;
    all.qualifiedAfterRetry += p.qualifiedAfterRetry;
    all.signatures += p.signatures;
    for (const key of ["refused", "deviceErrors", "guidance", "retries", "serviceFaults"] as const) for (const [k, v] of Object.entries(p[key])) bump(all[key], k, v);
  }
  return all;
}
