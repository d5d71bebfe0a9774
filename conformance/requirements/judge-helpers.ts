import type { ObservationSet, ScenarioObservation } from "../observations/scenario-observation.ts";
import { describeExchange, type Exchange, exchangesOf } from "./apdu-exchanges.ts";
import type { Evidence, Judgement } from "./requirement.ts";

/**
 * The scenarios of `ids` that were observed and played to the end; the others are reported as why a verdict is
 * inconclusive, except those the DUT kind does not play at all (`notPlayed`, e.g. face/visual paths for DUT external).
 */
export function observed(set: ObservationSet, ids: readonly string[]): { usable: ScenarioObservation[]; missing: string[] } {
  const usable: ScenarioObservation[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const o = set.scenarios[id];
    if (o === undefined && set.notPlayed?.[id] !== undefined) continue;
    if (o === undefined) missing.push(`${id}: not played`);
    else if (o.harnessError !== undefined) missing.push(`${id}: harness error (${o.harnessError})`);
    else usable.push(o);
  }
  return { usable, missing };
}

/** Judges each usable scenario with `check` (a failure message, or undefined); fails on the first failures, else passes. */
export function judgeEach(set: ObservationSet, ids: readonly string[], check: (o: ScenarioObservation) => { fail?: string; evidence?: Evidence[]; inconclusive?: string } | undefined, passMessage: string): Judgement {
  const { usable, missing } = observed(set, ids);
  if (usable.length === 0) return { verdict: "inconclusive", message: `no observation to judge: ${missing.join("; ") || "no scenario"}`, evidence: [] };
  const failures: string[] = [];
  const unsure: string[] = [];
  const evidence: Evidence[] = [];
  for (const o of usable) {
    const r = check(o);
    if (r === undefined) continue;
    if (r.evidence) evidence.push(...r.evidence);
    if (r.fail !== undefined) failures.push(`${o.scenario}: ${r.fail}`);
    else if (r.inconclusive !== undefined) unsure.push(`${o.scenario}: ${r.inconclusive}`);
  }
  if (failures.length > 0) return { verdict: "fail", message: failures.join("; "), evidence };
  if (unsure.length > 0 || missing.length > 0) return { verdict: "inconclusive", message: [...unsure, ...missing].join("; "), evidence };
  return { verdict: "pass", message: `${passMessage} (${usable.map((o) => o.scenario).join(", ")})`, evidence };
}

/** The exchanges of a scenario's device-side trace. */
export function exchanges(o: ScenarioObservation): Exchange[] {
  return exchangesOf(o.apdus).exchanges;
}

/** APDU evidence: the given exchanges (at most `max`, the first ones). */
export function apduEvidence(o: ScenarioObservation, xs: readonly Exchange[], max = 12): Evidence {
  const lines = xs.slice(0, max).map(describeExchange);
  if (xs.length > max) lines.push(`… ${xs.length - max} more`);
  return { scenario: o.scenario, channel: "apdu", excerpt: lines };
}

/** Screen evidence: the states shown, in order. */
export function screenEvidence(o: ScenarioObservation): Evidence {
  return { scenario: o.scenario, channel: "screen", excerpt: o.screens.map((s) => `+${s.at.toFixed(0)} ms ${s.state}${s.code ? ` [${s.code}]` : ""} ${s.title}${s.lines.length > 0 ? ` — ${s.lines.join(" ")}` : ""}`) };
}

/** Service evidence: the calls made, in order. */
export function serviceEvidence(o: ScenarioObservation): Evidence {
  return {
    scenario: o.scenario,
    channel: "service",
    excerpt: o.service.map((c) => `+${c.at.toFixed(0)} ms ${c.op}${c.challengeId ? ` challenge=${c.challengeId}` : ""}${c.deviceKind ? ` ${c.deviceKind}/${c.method}` : ""} → ${c.outcome}${c.processingResultCode ? ` ${c.processingResultCode}` : ""}${c.error ? ` (${c.error})` : ""}`),
  };
}

/** Patient evidence: what the harness did. */
export function patientEvidence(o: ScenarioObservation): Evidence {
  return { scenario: o.scenario, channel: "patient", excerpt: o.patient.map((p) => `+${p.at.toFixed(0)} ms ${p.action}${p.detail ? ` ${p.detail}` : ""}`) };
}

/** Whether a command is VERIFY carrying data (a PIN try), as opposed to the counter read `00 20 00 80`. */
export function isVerifyWithData(x: Exchange): boolean {
  return x.ins === 0x20 && (x.redacted || x.command.length > 5);
}
