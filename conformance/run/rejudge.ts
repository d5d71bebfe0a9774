import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ObservationSet } from "../observations/scenario-observation.ts";
import { parseProfile } from "../profile/load-profile.ts";
import { ProfileError } from "../profile/profile-error.ts";
import { requirementsFor } from "../requirements/catalogue.ts";
import type { Expectations } from "./expectations.ts";
import { judgeAll } from "./judge-all.ts";
import { exitCodeOf, type RequirementResult, type VerdictSummary } from "./requirement-result.ts";
import { writeReports } from "./write-reports.ts";

/**
 * Re-judges a finished run from its saved observations (`observations.json`, `profile.json`) without the DUT, with the
 * current requirements, and rewrites its reports.
 */
export async function rejudge(dir: string, options: { only?: readonly string[]; expectations?: Expectations } = {}): Promise<{ results: RequirementResult[]; summary: VerdictSummary; exitCode: 0 | 1 }> {
  let saved: { dut: string; profileFile: string; seed: string; start: string; end: string; profile: unknown };
  let observations: ObservationSet;
  try {
    saved = JSON.parse(await readFile(join(dir, "profile.json"), "utf8")) as typeof saved;
    observations = JSON.parse(await readFile(join(dir, "observations.json"), "utf8")) as ObservationSet;
  } catch (error) {
    throw new ProfileError(dir, [`(run folder): no saved observations: ${(error as Error).message}`]);
  }
  const profile = parseProfile(saved.profile, join(dir, "profile.json"));
  const results = judgeAll(requirementsFor(saved.dut), observations, profile, options);
  const { summary } = await writeReports(dir, { dut: saved.dut, profile, profileFile: saved.profileFile, seed: saved.seed, start: saved.start, end: saved.end, results });
  return { results, summary, exitCode: exitCodeOf(results) };
}
