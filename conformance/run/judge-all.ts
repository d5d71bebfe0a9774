import type { ObservationSet } from "../observations/scenario-observation.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";
import type { Requirement } from "../requirements/requirement.ts";
import type { Expectations } from "./expectations.ts";
import type { RequirementResult } from "./requirement-result.ts";

/**
 * Judges every requirement over a run's observations. Not selected by the profile (or `--only`): `not_applicable` with
 * the reason. A judge that throws, or a fail/inconclusive whose scenarios hit a harness error, is the harness's `error`,
 * kept apart from the DUT's `fail`.
 */
export function judgeAll(requirements: readonly Requirement[], observations: ObservationSet, profile: CapabilityProfile, options: { only?: readonly string[]; expectations?: Expectations } = {}): RequirementResult[] {
  return requirements.map((r) => {
    const base = { id: r.id, role: r.role, statement: r.statement, sources: r.sources, applicability: r.applicability, method: r.method, scenarios: r.scenarios };
    const expected = options.expectations?.get(r.id);
    const known = expected !== undefined ? { expected: { reason: expected } } : {};
    if (options.only && options.only.length > 0 && !options.only.includes(r.id)) return { ...base, verdict: "not_applicable", message: "not selected (--only)", evidence: [] };
    const reason = r.notApplicable(profile);
    if (reason !== undefined) return { ...base, verdict: "not_applicable", message: reason, evidence: [] };
    const harness = r.scenarios.map((id) => observations.scenarios[id]).filter((o) => o?.harnessError !== undefined);
    try {
      const j = r.judge({ observations, profile });
      if (j.verdict !== "pass" && harness.length > 0) return { ...base, verdict: "error", message: `harness error: ${harness.map((o) => `${o?.scenario}: ${o?.harnessError}`).join("; ")}`, evidence: j.evidence, ...known };
      return { ...base, verdict: j.verdict, message: j.message, evidence: j.evidence, ...known };
    } catch (error) {
      return { ...base, verdict: "error", message: `judge failed: ${(error as Error).message}`, evidence: [], ...known };
    }
  });
}
