import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { isRuleName, RULE_NAMES, RuleSwitchboard } from "../../sim/rules/index.ts";
import { normalizeTrace, traceToPcapng } from "../../sim/trace/index.ts";
import { CATALOGUE, findScenario } from "../../scenarios/catalogue/catalogue.ts";
import type { ScenarioCarrier } from "../../scenarios/catalogue/mechanisms/carrier-ports.ts";
import { mergeScenarioReports, ScenarioMergeError, scenarioReportSchema } from "../../scenarios/catalogue/merge-scenario-reports.ts";
import { nearIds } from "../../scenarios/catalogue/near-ids.ts";
import { formatReferenceDivergence, referenceDivergence } from "../../scenarios/catalogue/reference-divergence.ts";
import { runScenario, SUPPORTED_CARRIERS } from "../../scenarios/catalogue/run-scenario.ts";
import { type ScenarioReport, type ScenarioReportVerdict, reportVerdict, scenarioReport, scenarioReportFileName } from "../../scenarios/catalogue/scenario-report.ts";
import { itemsOfShard, parseScenarioShard, type ScenarioShard, WHOLE_CATALOGUE } from "../../scenarios/catalogue/scenario-shard.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { CarrierSetupError } from "../../scenarios/catalogue/mechanisms/pcscd-ports.ts";

interface RunOptions {
  all?: boolean;
  seed: string;
  carrier: string;
  trace?: string;
  shard?: string;
  report?: string;
  rulesOff?: string;
}

/**
 * `myna-hil scenario list [--json]`, `myna-hil scenario run ID|--all [--seed S] [--carrier C] [--trace DIR] [--shard i/n]
 * [--report DIR] [--rules-off R,…]` and `myna-hil scenario merge DIR|FILE… [--out FILE]`: the error-case catalogue
 * (scenarios/catalogue), runnable in shards on several machines. Exit 1 when a scenario did not happen as expected,
 * 2 on bad usage or reports that do not make one complete sweep.
 */
export function registerScenarioCommand(program: Command, context: CliContext): void {
  const scenario = program.command("scenario").description("the catalogue of error cases: list them, run them, merge sharded sweeps");
  scenario
    .command("list")
    .description("every catalogue entry: id, title, source, expected outcome")
    .option("--json", "print the entries as JSON")
    .action((options: { json?: boolean }) => {
      if (options.json) {
        context.io.out(`${JSON.stringify(CATALOGUE, null, 2)}\n`);
        return;
      }
      for (const e of CATALOGUE) context.io.out(`${e.id.padEnd(40)} ${e.title}\n${"".padEnd(41)}${e.japanese}\n${"".padEnd(41)}source: ${e.source.page} (${e.source.public}); expected: ${JSON.stringify(e.expected)}\n`);
    });
  scenario
    .command("run")
    .description("run one entry (ID) or all (--all) and print a verdict line per scenario")
    .argument("[id]", "catalogue id, e.g. PHONE-HELD-BEFORE-BUTTON")
    .option("--all", "run every entry")
    .option("--seed <n>", "seed of the run's randomness", "1")
    .option("--carrier <c>", "in-process | ws | pcscd", "in-process")
    .option("--trace <dir>", "write each scenario's pcapng, text and normalized trace (PINs redacted) into DIR")
    .option("--shard <i/n>", "with --all: run only shard i of n (round robin over the catalogue), for sweeps over several machines")
    .option("--report <dir>", "write a JSON report (verdicts, seeds, normalized-trace hashes) into DIR")
    .option("--rules-off <rules>", `switch rules off, comma-separated (${RULE_NAMES.join(", ")})`)
    .action(async (id: string | undefined, options: RunOptions) => runCommand(id, options, context));
  scenario
    .command("merge")
    .description("merge the shard reports of `scenario run --all --shard i/n --report DIR` into one, checking every catalogue id is there exactly once")
    .argument("<inputs...>", "report directories (their scenario-report-shard-*.json files) or report files")
    .option("--out <file>", "write the merged report there (default: print it as JSON)")
    .action(async (inputs: string[], options: { out?: string }) => mergeCommand(inputs, options, context));
}

async function runCommand(id: string | undefined, options: RunOptions, context: CliContext): Promise<void> {
  const seed = Number(options.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${options.seed}"`);
  const carrier = options.carrier as ScenarioCarrier;
  if (!SUPPORTED_CARRIERS.includes(carrier)) throw new UsageError(`--carrier must be one of in-process, ws, pcscd; got "${options.carrier}"`);
  if (options.all === true && id !== undefined) throw new UsageError("give an ID or --all, not both");
  let shard: ScenarioShard = WHOLE_CATALOGUE;
  if (options.shard !== undefined) {
    if (options.all !== true) throw new UsageError("--shard goes with --all");
    try {
      shard = parseScenarioShard(options.shard);
    } catch (error) {
      throw new UsageError(`--shard: ${(error as Error).message}`);
    }
  }
  const rules = parseRulesOff(options.rulesOff);
  let entries = itemsOfShard(CATALOGUE, shard);
  if (options.all !== true) {
    if (id === undefined) throw new UsageError("give a scenario ID or --all (see `myna-hil scenario list`)");
    const entry = findScenario(id.toUpperCase());
    if (entry === undefined) throw new UsageError(`unknown scenario "${id}"; near: ${nearIds(id, CATALOGUE.map((e) => e.id)).join(", ")}`);
    entries = [entry];
  }
  if (options.trace) await mkdir(options.trace, { recursive: true });
  if (options.report) await mkdir(options.report, { recursive: true });
  const t0 = performance.now();
  let failed = 0;
  const verdicts: ScenarioReportVerdict[] = [];
  const shardText = shard.count > 1 ? `, shard ${shard.index}/${shard.count}` : "";
  const rulesText = rules.off.length > 0 ? `, rules off: ${rules.off.join(", ")}` : "";
  context.io.out(`seed ${seed}, carrier ${carrier}${shardText}${rulesText}, ${entries.length} scenario(s)\n`);
  for (const entry of entries) {
    const verdict = await runScenario(entry, { seed, carrier, ...(rules.off.length > 0 ? { rules } : {}) }).catch((error: unknown) => {
      if (error instanceof CarrierSetupError) throw new UsageError(error.message, { cause: error });
      throw error;
    });
    verdicts.push(reportVerdict(verdict));
    if (!verdict.passed) failed++;
    const note = verdict.carrierNote === undefined ? "" : `  (${verdict.carrierNote})`;
    context.io.out(`${verdict.passed ? "PASS" : "FAIL"} ${entry.id.padEnd(42)} ${Math.round(verdict.durationMs).toString().padStart(5)} ms${note}${verdict.passed ? "" : `  ${verdict.differences.join("; ")}`}\n`);
    if (!verdict.passed) context.io.out(formatReferenceDivergence(await referenceDivergence(entry, verdict)));
    if (options.trace) {
      await writeFile(join(options.trace, `${entry.id}.pcapng`), traceToPcapng(verdict.trace.entries, verdict.trace.startedAt));
      await writeFile(join(options.trace, `${entry.id}.txt`), verdict.trace.toText());
      await writeFile(join(options.trace, `${entry.id}.normalized.txt`), normalizeTrace(verdict.trace.entries));
    }
  }
  context.io.out(`${entries.length - failed}/${entries.length} happened as expected\n`);
  if (options.report) {
    const report = scenarioReport({ seed, carrier, rulesOff: rules.off, shard, catalogueIds: CATALOGUE.map((e) => e.id), verdicts, durationMs: performance.now() - t0 });
    const path = join(options.report, options.all === true ? scenarioReportFileName(shard) : `scenario-report-${entries[0]?.id ?? "none"}.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    context.io.out(`report: ${path}\n`);
  }
  if (failed > 0) throw new VerdictFailure(`${failed} scenario(s) did not happen as expected`);
}

function parseRulesOff(text: string | undefined): RuleSwitchboard {
  if (text === undefined || text.trim() === "") return RuleSwitchboard.ALL_ON;
  const names = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const unknown = names.filter((n) => !isRuleName(n));
  if (unknown.length > 0) throw new UsageError(`--rules-off: unknown rule(s) ${unknown.join(", ")} (rules: ${RULE_NAMES.join(", ")})`);
  return RuleSwitchboard.with(Object.fromEntries(names.map((n) => [n, false])));
}

const SHARD_REPORT_FILE = /^scenario-report-shard-\d+-of-\d+\.json$/;

async function mergeCommand(inputs: readonly string[], options: { out?: string }, context: CliContext): Promise<void> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info === undefined) throw new UsageError(`${input}: no such file or directory`);
    if (info.isDirectory()) {
      const found = (await readdir(input)).filter((f) => SHARD_REPORT_FILE.test(f)).sort();
      if (found.length === 0) throw new UsageError(`${input}: no scenario-report-shard-*-of-*.json file in it`);
      files.push(...found.map((f) => join(input, f)));
    } else files.push(input);
  }
  const named: { name: string; report: ScenarioReport }[] = [];
  for (const file of files) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new UsageError(`${file}: not JSON (${(error as Error).message})`);
    }
    const parsed = scenarioReportSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${file}: not a scenario report: ${issue ? `${issue.path.join(".") || "(top)"}: ${issue.message}` : "invalid"}`);
    }
    named.push({ name: file, report: parsed.data as ScenarioReport });
  }
  let merged: ScenarioReport;
  try {
    merged = mergeScenarioReports(named, CATALOGUE.map((e) => e.id));
  } catch (error) {
    if (error instanceof ScenarioMergeError) throw new UsageError(error.message);
    throw error;
  }
  const json = `${JSON.stringify(merged, null, 2)}\n`;
  if (options.out !== undefined) {
    await writeFile(options.out, json);
    context.io.out(`merged ${named.length} report(s): ${merged.verdicts.length} scenarios, ${merged.passed} passed, ${merged.failed} failed (seed ${merged.seed}, carrier ${merged.carrier}) → ${options.out}\n`);
  } else context.io.out(json);
  if (merged.failed > 0) throw new VerdictFailure(`${merged.failed} scenario(s) did not happen as expected: ${merged.verdicts.filter((v) => !v.passed).map((v) => v.id).join(", ")}`);
}
