import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { traceToPcapng } from "../../sim/trace/index.ts";
import { CATALOGUE, findScenario } from "../../scenarios/catalogue/catalogue.ts";
import type { ScenarioCarrier } from "../../scenarios/catalogue/mechanisms/carrier-ports.ts";
import { nearIds } from "../../scenarios/catalogue/near-ids.ts";
import { runScenario, SUPPORTED_CARRIERS } from "../../scenarios/catalogue/run-scenario.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";

/**
 * `myna-hil scenario list [--json]` and `myna-hil scenario run ID|--all [--seed S] [--carrier C] [--trace DIR]`:
 * the error-case catalogue (scenarios/catalogue). Exit 1 when a scenario did not happen as expected, 2 on bad usage.
 */
export function registerScenarioCommand(program: Command, context: CliContext): void {
  const scenario = program.command("scenario").description("the catalogue of error cases: list them, run them");
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
    .option("--trace <dir>", "write each scenario's pcapng and text trace (PINs redacted) into DIR")
    .action(async (id: string | undefined, options: { all?: boolean; seed: string; carrier: string; trace?: string }) => {
      const seed = Number(options.seed);
      if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${options.seed}"`);
      const carrier = options.carrier as ScenarioCarrier;
      if (carrier === "pcscd") throw new UsageError(`--carrier pcscd: not supported by the catalogue runner yet (no entry runs through pcscd); use ${SUPPORTED_CARRIERS.join(" or ")}`);
      if (!SUPPORTED_CARRIERS.includes(carrier)) throw new UsageError(`--carrier must be one of in-process, ws, pcscd; got "${options.carrier}"`);
      if (options.all === true && id !== undefined) throw new UsageError("give an ID or --all, not both");
      let entries = CATALOGUE;
      if (options.all !== true) {
        if (id === undefined) throw new UsageError("give a scenario ID or --all (see `myna-hil scenario list`)");
        const entry = findScenario(id.toUpperCase());
        if (entry === undefined) throw new UsageError(`unknown scenario "${id}"; near: ${nearIds(id, CATALOGUE.map((e) => e.id)).join(", ")}`);
        entries = [entry];
      }
      if (options.trace) await mkdir(options.trace, { recursive: true });
      let failed = 0;
      context.io.out(`seed ${seed}, carrier ${carrier}, ${entries.length} scenario(s)\n`);
      for (const entry of entries) {
        const verdict = await runScenario(entry, { seed, carrier });
        if (!verdict.passed) failed++;
        context.io.out(`${verdict.passed ? "PASS" : "FAIL"} ${entry.id.padEnd(42)} ${Math.round(verdict.durationMs).toString().padStart(5)} ms${verdict.passed ? "" : `  ${verdict.differences.join("; ")}`}\n`);
        if (options.trace) {
          await writeFile(join(options.trace, `${entry.id}.pcapng`), traceToPcapng(verdict.trace.entries, verdict.trace.entries[0]?.time ?? 0));
          await writeFile(join(options.trace, `${entry.id}.txt`), verdict.trace.toText());
        }
      }
      context.io.out(`${entries.length - failed}/${entries.length} happened as expected\n`);
      if (failed > 0) throw new VerdictFailure(`${failed} scenario(s) did not happen as expected`);
    });
}
