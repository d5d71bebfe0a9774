import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { formatReproduction } from "../../scenarios/incidents/format-reproduction.ts";
import { IncidentError, parseIncident } from "../../scenarios/incidents/parse-incident.ts";
import { reproduceIncident } from "../../scenarios/incidents/reproduce-incident.ts";
import { writeReproduction } from "../../scenarios/incidents/write-reproduction.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";

/**
 * `myna-hil reproduce INCIDENT.json [--seed S] [--out DIR] [--max-runs N]`: an incident as a pilot coordinator reports
 * it (scenarios/incidents/README.md) matched to the catalogue entries that can produce it, the best ones run, and
 * whether the reported error happened again, with the normalized trace and a pcapng in DIR (default
 * `reports/reproduce-<timestamp>/`). Exit 0 reproduced, 1 not reproduced or no entry matches, 2 a bad incident file
 * (one message per bad field, naming its path).
 */
export function registerReproduceCommand(program: Command, context: CliContext): void {
  program
    .command("reproduce")
    .description("reproduce a reported incident: match it to the catalogue, run the best entries, write the traces")
    .argument("<incident>", "incident file (JSON, see scenarios/incidents/README.md and incident.schema.json)")
    .option("--seed <n>", "seed of the runs (default: the incident's seed, else 1)")
    .option("--out <dir>", "where the traces and the report go (default reports/reproduce-<timestamp>/)")
    .option("--max-runs <n>", "most catalogue entries run", "3")
    .action(async (file: string, options: { seed?: string; out?: string; maxRuns: string }) => {
      const seed = options.seed === undefined ? undefined : parseNumberFlag(options.seed, "--seed", { min: 0, max: 4_294_967_295 });
      const maxRuns = parseNumberFlag(options.maxRuns, "--max-runs", { min: 1, max: 50 });
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        throw new UsageError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      let incident;
      try {
        incident = parseIncident(text);
      } catch (error) {
        if (error instanceof IncidentError) throw new UsageError(`${file}: not a valid incident:\n  ${error.problems.join("\n  ")}`);
        throw error;
      }
      const reproduction = await reproduceIncident(incident, { ...(seed !== undefined ? { seed } : {}), maxRuns });
      if (reproduction.runs.length === 0) {
        context.io.out(formatReproduction(reproduction));
        throw new VerdictFailure("no catalogue entry matches the reported code or words");
      }
      const dir = options.out ?? join("reports", `reproduce-${new Date().toISOString().replace(/[:.]/g, "-")}`);
      const report = await writeReproduction(reproduction, dir);
      context.io.out(report);
      context.io.out(`written to ${dir}/\n`);
      if (!reproduction.reproduced) throw new VerdictFailure("the reported error did not happen again");
    });
}
