import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { runEmulated } from "../emulated/run-emulated.ts";
import { checkExternalProfile, ExternalSetupError, runExternal } from "../external/run-external.ts";
import { MUTANTS } from "../mutants/mutants.ts";
import type { ObservationSet, ScenarioObservation } from "../observations/scenario-observation.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";
import { runReader } from "../reader/run-reader.ts";
import { requirementsFor } from "../requirements/catalogue.ts";
import type { Certification } from "../report/ctrf-report.ts";
import type { Expectations } from "./expectations.ts";
import { judgeAll } from "./judge-all.ts";
import { exitCodeOf, type RequirementResult, type VerdictSummary } from "./requirement-result.ts";
import { saveObservations, writeReports } from "./write-reports.ts";

/**
 * The DUTs the suite can drive: `emulated` (the project's own reference, in-process), `external` (a vendor program run
 * against emulated devices in pcscd and the emulated service), `pcsc:READER` (reader-level checks on a real reader).
 */
export type DutKind = "emulated" | "external" | `pcsc:${string}`;

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  dut: DutKind;
  profile: CapabilityProfile;
  profileFile: string;
  outDir: string;
  only?: readonly string[];
  mutants?: boolean;
  expectations?: Expectations;
  seed?: string;
  /** Live progress lines. */
  progress?: (line: string) => void;
}

/** What a run produced. */
export interface ConformanceOutcome {
  results: RequirementResult[];
  summary: VerdictSummary;
  mutants?: NonNullable<Certification["mutants"]>;
  exitCode: 0 | 1;
  files: Record<"junit" | "json" | "html", string>;
  seed: string;
}

/** A DUT the suite cannot drive with this profile or on this machine (exit 2, the message says what to change). */
export class UnsupportedDutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedDutError";
  }
}

function scenarioLine(o: ScenarioObservation): string {
  return `  scenario ${o.scenario.padEnd(26)} ${o.harnessError ? `HARNESS ERROR ${o.harnessError}` : `${o.apdus.filter((e) => e.direction === "command").length} APDUs, ${o.screens.length} screens, ${o.service.length} service calls`}  ${o.durationMs.toFixed(0)} ms`;
}

/**
 * Runs the suite against a DUT: plays the scenarios, judges every requirement, writes the reports; with `mutants`,
 * also runs each mutant of the reference and checks that its requirement fails (the mutation score).
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceOutcome> {
  const progress = options.progress ?? (() => undefined);
  const seed = options.seed ?? randomBytes(8).toString("hex");
  if (options.dut === "external") {
    try {
      checkExternalProfile(options.profile);
    } catch (error) {
      if (error instanceof ExternalSetupError) throw new UnsupportedDutError(error.message);
      throw error;
    }
  }
  progress(`conformance: DUT ${options.dut}, profile ${options.profileFile}, seed ${seed}`);
  const start = new Date().toISOString();
  const requirements = requirementsFor(options.dut);
  const onScenario = (o: ScenarioObservation) => progress(scenarioLine(o));
  let observations: ObservationSet;
  try {
    if (options.dut === "emulated") observations = await runEmulated({ profile: options.profile, dir: options.outDir, seed, onScenario });
    else if (options.dut === "external") observations = await runExternal({ profile: options.profile, profileFile: options.profileFile, dir: options.outDir, seed, onScenario });
    else observations = await runReader({ readerName: options.dut.slice("pcsc:".length), profile: options.profile, dir: options.outDir, seed });
  } catch (error) {
    if (error instanceof ExternalSetupError) throw new UnsupportedDutError(error.message);
    throw error;
  }
  if (options.dut.startsWith("pcsc:")) for (const [key, value] of Object.entries(observations.scenarios["reader-checks"]?.facts ?? {})) progress(`  ${key}: ${/Sw$/.test(key) && typeof value === "number" ? value.toString(16).toUpperCase().padStart(4, "0") : String(value)}`);
  const results = judgeAll(requirements, observations, options.profile, { ...(options.only ? { only: options.only } : {}), ...(options.expectations ? { expectations: options.expectations } : {}) });
  for (const r of results) progress(`  ${r.verdict.padEnd(14)} ${r.id}  ${r.verdict === "pass" ? "" : r.message.slice(0, 160)}`);
  let mutants: ConformanceOutcome["mutants"];
  if (options.mutants && options.dut.startsWith("pcsc:")) progress("  --mutants: DUT pcsc:READER has no mutants (it checks a reader, not software)");
  else if (options.mutants) {
    const rows: NonNullable<Certification["mutants"]>["results"] = [];
    const list = options.dut === "external" ? (options.profile.mutants ?? []).map((m) => ({ ...m, kind: "external" as const })) : MUTANTS.map((m) => ({ ...m, kind: "emulated" as const }));
    if (list.length === 0) progress("  --mutants: the profile declares no mutants of the vendor program");
    for (const mutant of list) {
      const mutantDir = join(options.outDir, "mutants", mutant.id);
      const mutantStart = new Date().toISOString();
      const set =
        mutant.kind === "emulated"
          ? await runEmulated({ profile: options.profile, dir: mutantDir, seed, hooks: mutant.hooks, scenarios: mutant.scenarios })
          : await runExternal({ profile: options.profile, profileFile: options.profileFile, dir: mutantDir, seed, scenarios: mutant.scenarios, ...(mutant.args ? { extraArgs: mutant.args } : {}), ...(mutant.env ? { extraEnv: mutant.env } : {}) });
      // Saved like a run, so `conformance rejudge DIR/mutants/<id>` shows the mutant's report.
      await saveObservations(mutantDir, set, options.profile, { dut: `${options.dut}+mutant:${mutant.id}`, profileFile: options.profileFile, seed, start: mutantStart, end: new Date().toISOString() });
      const target = requirements.filter((r) => r.id === mutant.kills);
      const verdict = judgeAll(target, set, options.profile)[0]?.verdict ?? "error";
      const killed = verdict === "fail";
      rows.push({ id: mutant.id, kills: mutant.kills, killed, verdict });
      progress(`  mutant ${mutant.id.padEnd(24)} ${mutant.kills}: ${verdict} → ${killed ? "killed" : "SURVIVED"}`);
    }
    mutants = { killed: rows.filter((r) => r.killed).length, total: rows.length, results: rows };
    progress(`mutation score: ${mutants.killed}/${mutants.total} killed`);
  }
  const end = new Date().toISOString();
  await saveObservations(options.outDir, observations, options.profile, { dut: options.dut, profileFile: options.profileFile, seed, start, end });
  const { summary, files } = await writeReports(options.outDir, { dut: options.dut, profile: options.profile, profileFile: options.profileFile, seed, start, end, results, ...(mutants ? { mutants } : {}) });
  const survived = mutants !== undefined && mutants.killed < mutants.total;
  const exitCode = exitCodeOf(results) === 1 || survived ? 1 : 0;
  return { results, summary, ...(mutants ? { mutants } : {}), exitCode, files, seed };
}
