import type { CapabilityProfile } from "../profile/capability-profile.ts";
import type { RequirementResult, VerdictSummary } from "../run/requirement-result.ts";
import type { Verdict } from "../requirements/requirement.ts";
import { sha256 } from "./sha256.ts";

/** What a run certifies: who, against what, with which components, when, and the digests of its evidence. */
export interface Certification {
  dut: string;
  profile: { file: string; sha256: string; content: CapabilityProfile };
  components: Record<string, string>;
  seed: string;
  start: string;
  end: string;
  /** SHA-256 of every trace and observation file, by path relative to the output folder. */
  files: { path: string; sha256: string }[];
  /** SHA-256 of this report serialised with `reportSha256` set to the empty string (recompute that way to check). */
  reportSha256: string;
  mutants?: { killed: number; total: number; results: { id: string; kills: string; killed: boolean; verdict: string }[] };
}

/** The JSON report: CTRF-shaped results plus the certification block. */
export interface CtrfReport {
  results: {
    tool: { name: string; version: string };
    summary: { tests: number; passed: number; failed: number; pending: number; skipped: number; other: number; start: number; stop: number };
    tests: { name: string; status: "passed" | "failed" | "skipped" | "other"; duration: number; message?: string; suite: string; extra: Record<string, unknown> }[];
    extra: { verdicts: VerdictSummary };
  };
  certification: Certification;
}

const STATUS: Record<Verdict, "passed" | "failed" | "skipped" | "other"> = { pass: "passed", fail: "failed", not_applicable: "skipped", inconclusive: "other", error: "other" };

/** Builds the JSON report and seals it with its own digest. */
export function ctrfReport(results: readonly RequirementResult[], summary: VerdictSummary, certification: Omit<Certification, "reportSha256">, tool: { version: string }): CtrfReport {
  const start = Date.parse(certification.start);
  const stop = Date.parse(certification.end);
  const tests = results.map((r) => ({
    name: `${r.id} ${r.statement}`,
    status: r.verdict === "fail" && r.expected ? ("other" as const) : STATUS[r.verdict],
    duration: 0,
    ...(r.verdict !== "pass" ? { message: r.message } : {}),
    suite: r.role,
    extra: { id: r.id, verdict: r.verdict, ...(r.expected ? { expectedFailure: r.expected.reason } : {}), sources: r.sources, applicability: r.applicability, method: r.method, scenarios: r.scenarios, evidence: r.evidence },
  }));
  const count = (s: string) => tests.filter((t) => t.status === s).length;
  const report: CtrfReport = {
    results: {
      tool: { name: "myna-hil conformance", version: tool.version },
      summary: { tests: tests.length, passed: count("passed"), failed: count("failed"), pending: 0, skipped: count("skipped"), other: count("other"), start, stop },
      tests,
      extra: { verdicts: summary },
    },
    certification: { ...certification, reportSha256: "" },
  };
  report.certification.reportSha256 = sha256(JSON.stringify(report));
  return report;
}
