import { createHash } from "node:crypto";
import { normalizeTrace } from "../../sim/trace/index.ts";
import type { ScenarioShard } from "./scenario-shard.ts";
import type { ScenarioVerdict } from "./scenario-verdict.ts";

/** Format tag of a {@link ScenarioReport}. */
export const SCENARIO_REPORT_FORMAT = "myna-hil-scenario-report/1";

/** One verdict as a sweep report keeps it: no trace, but the hash of its normalized form (docs/domain/traces.md). */
export interface ScenarioReportVerdict {
  readonly id: string;
  readonly passed: boolean;
  readonly seed: number;
  readonly differences: readonly string[];
  /** SHA-256 (hex) of the normalized trace: equal hashes, identical APDU exchanges. */
  readonly normalizedTraceSha256: string;
  /** Lines of the normalized trace (without its header). */
  readonly normalizedTraceLines: number;
  /** Why the entry ran in-process instead of through the report's carrier (ScenarioEntry.notThrough). */
  readonly carrierNote?: string;
  /** Timing: left out when reports are compared. */
  readonly durationMs: number;
}

/** What `scenario run --report DIR` writes: the verdicts of one shard of the catalogue. */
export interface ScenarioReport {
  readonly format: typeof SCENARIO_REPORT_FORMAT;
  readonly seed: number;
  readonly carrier: string;
  readonly rulesOff: readonly string[];
  readonly shard: ScenarioShard;
  /** Entries in the whole catalogue when the report was written. */
  readonly catalogueSize: number;
  readonly passed: number;
  readonly failed: number;
  /** Verdicts in catalogue order. */
  readonly verdicts: readonly ScenarioReportVerdict[];
  /** Timing: left out when reports are compared. */
  readonly durationMs: number;
}

/** The report form of one verdict, with the hash of its normalized trace. */
export function reportVerdict(verdict: ScenarioVerdict): ScenarioReportVerdict {
  const normalized = normalizeTrace(verdict.trace.entries);
  return {
    id: verdict.id,
    passed: verdict.passed,
    seed: verdict.seed,
    differences: [...verdict.differences],
    normalizedTraceSha256: createHash("sha256").update(normalized).digest("hex"),
    normalizedTraceLines: normalized.split("\n").length - 2,
    ...(verdict.carrierNote !== undefined ? { carrierNote: verdict.carrierNote } : {}),
    durationMs: Math.round(verdict.durationMs),
  };
}

/** A report of `verdicts` (put in catalogue order by `catalogueIds`). */
export function scenarioReport(fields: { seed: number; carrier: string; rulesOff: readonly string[]; shard: ScenarioShard; catalogueIds: readonly string[]; verdicts: readonly ScenarioReportVerdict[]; durationMs: number }): ScenarioReport {
  const order = new Map(fields.catalogueIds.map((id, i) => [id, i]));
  const verdicts = [...fields.verdicts].sort((a, b) => (order.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.id) ?? Number.MAX_SAFE_INTEGER));
  const passed = verdicts.filter((v) => v.passed).length;
  return {
    format: SCENARIO_REPORT_FORMAT,
    seed: fields.seed,
    carrier: fields.carrier,
    rulesOff: [...fields.rulesOff],
    shard: { index: fields.shard.index, count: fields.shard.count },
    catalogueSize: fields.catalogueIds.length,
    passed,
    failed: verdicts.length - passed,
    verdicts,
    durationMs: Math.round(fields.durationMs),
  };
}

/** The file name of a shard's report: `scenario-report-shard-2-of-3.json`, or `scenario-report.json` for the whole catalogue. */
export function scenarioReportFileName(shard: ScenarioShard): string {
  return shard.count === 1 ? "scenario-report.json" : `scenario-report-shard-${shard.index}-of-${shard.count}.json`;
}

/** A report without its timings, for comparing two sweeps. */
export function withoutTimings(report: ScenarioReport): Omit<ScenarioReport, "durationMs" | "verdicts"> & { verdicts: Omit<ScenarioReportVerdict, "durationMs">[] } {
  const { durationMs: _total, verdicts, ...rest } = report;
  return { ...rest, verdicts: verdicts.map(({ durationMs: _ms, ...v }) => v) };
}
