import type { Evidence, RequirementSource, Role, Verdict } from "../requirements/requirement.ts";

/** One requirement's verdict in a run, with everything a report shows. */
export interface RequirementResult {
  id: string;
  role: Role;
  statement: string;
  sources: readonly RequirementSource[];
  applicability: string;
  method: string;
  scenarios: readonly string[];
  verdict: Verdict;
  message: string;
  evidence: Evidence[];
  /** Marked as a known failure by the expectations file (reported, not failing the run). */
  expected?: { reason: string };
}

/** Counts of a run's verdicts. */
export interface VerdictSummary {
  tests: number;
  pass: number;
  fail: number;
  inconclusive: number;
  not_applicable: number;
  error: number;
  /** Failures the expectations file marks as known. */
  expectedFailures: number;
}

/** Counts the verdicts. */
export function summarise(results: readonly RequirementResult[]): VerdictSummary {
  const s: VerdictSummary = { tests: results.length, pass: 0, fail: 0, inconclusive: 0, not_applicable: 0, error: 0, expectedFailures: 0 };
  for (const r of results) {
    s[r.verdict]++;
    if (r.verdict === "fail" && r.expected) s.expectedFailures++;
  }
  return s;
}

/** Exit code of a run (docs/architecture.md): 1 when an applicable requirement failed (not a known failure) or the harness erred. */
export function exitCodeOf(results: readonly RequirementResult[]): 0 | 1 {
  return results.some((r) => (r.verdict === "fail" && !r.expected) || r.verdict === "error") ? 1 : 0;
}
