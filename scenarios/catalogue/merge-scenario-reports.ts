import { z } from "zod";
import { SCENARIO_REPORT_FORMAT, type ScenarioReport, scenarioReport } from "./scenario-report.ts";
import { WHOLE_CATALOGUE } from "./scenario-shard.ts";

/** Shard reports that do not merge into one complete sweep; `problems` lists every reason, one a line. */
export class ScenarioMergeError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`the reports do not make one complete sweep:\n  ${problems.join("\n  ")}`);
    this.name = "ScenarioMergeError";
    this.problems = problems;
  }
}

const verdictSchema = z.object({
  id: z.string(),
  passed: z.boolean(),
  seed: z.number().int(),
  differences: z.array(z.string()),
  normalizedTraceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  normalizedTraceLines: z.number().int().nonnegative(),
  carrierNote: z.string().optional(),
  durationMs: z.number().nonnegative(),
});

/** Validates a report read from a file (a `ScenarioReport` as `scenario run --report` writes it). */
export const scenarioReportSchema = z.object({
  format: z.literal(SCENARIO_REPORT_FORMAT),
  seed: z.number().int(),
  carrier: z.string(),
  rulesOff: z.array(z.string()),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }),
  catalogueSize: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  verdicts: z.array(verdictSchema),
  durationMs: z.number().nonnegative(),
});

/**
 * Merges shard reports into the report one machine would have written for the same seed: checks they belong to one
 * sweep (same seed, carrier, rules and shard count, each shard once) and that every catalogue id appears exactly once
 * (none missing, none twice, none unknown); throws {@link ScenarioMergeError} listing every problem otherwise.
 *
 * @param named - each report with the name of its file, for the messages
 */
export function mergeScenarioReports(named: readonly { name: string; report: ScenarioReport }[], catalogueIds: readonly string[]): ScenarioReport {
  const problems: string[] = [];
  if (named.length === 0) throw new ScenarioMergeError(["no shard reports given"]);
  const first = named[0] as { name: string; report: ScenarioReport };
  const same = (what: string, get: (r: ScenarioReport) => unknown): void => {
    for (const { name, report } of named.slice(1)) {
      if (JSON.stringify(get(report)) !== JSON.stringify(get(first.report))) problems.push(`${name}: ${what} ${JSON.stringify(get(report))}, but ${first.name} has ${JSON.stringify(get(first.report))}`);
    }
  };
  same("seed", (r) => r.seed);
  same("carrier", (r) => r.carrier);
  same("rules off", (r) => r.rulesOff);
  same("shard count", (r) => r.shard.count);
  const shardsSeen = new Map<number, string>();
  for (const { name, report } of named) {
    const other = shardsSeen.get(report.shard.index);
    if (other !== undefined) problems.push(`${name}: shard ${report.shard.index}/${report.shard.count} given twice (also ${other})`);
    shardsSeen.set(report.shard.index, name);
    if (report.catalogueSize !== catalogueIds.length) problems.push(`${name}: written for a catalogue of ${report.catalogueSize} entries, this one has ${catalogueIds.length}`);
  }
  const count = first.report.shard.count;
  for (let i = 1; i <= count; i++) if (!shardsSeen.has(i)) problems.push(`shard ${i}/${count} is missing`);
  const known = new Set(catalogueIds);
  const seenIds = new Map<string, string>();
  for (const { name, report } of named) {
    for (const v of report.verdicts) {
      if (!known.has(v.id)) problems.push(`${name}: ${v.id} is not a catalogue id`);
      const other = seenIds.get(v.id);
      if (other !== undefined) problems.push(`${name}: ${v.id} appears again (also in ${other})`);
      seenIds.set(v.id, name);
    }
  }
  const missing = catalogueIds.filter((id) => !seenIds.has(id));
  if (missing.length > 0) problems.push(`missing from every report (${missing.length}): ${missing.join(", ")}`);
  if (problems.length > 0) throw new ScenarioMergeError(problems);
  return scenarioReport({
    seed: first.report.seed,
    carrier: first.report.carrier,
    rulesOff: first.report.rulesOff,
    shard: WHOLE_CATALOGUE,
    catalogueIds,
    verdicts: named.flatMap(({ report }) => report.verdicts),
    durationMs: named.reduce((sum, { report }) => sum + report.durationMs, 0),
  });
}
