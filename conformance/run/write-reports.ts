import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ObservationSet } from "../observations/scenario-observation.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";
import { componentVersions } from "../report/component-versions.ts";
import { type Certification, ctrfReport } from "../report/ctrf-report.ts";
import { htmlReport } from "../report/html-report.ts";
import { junitReport } from "../report/junit-report.ts";
import { sha256, sha256File } from "../report/sha256.ts";
import { type RequirementResult, summarise, type VerdictSummary } from "./requirement-result.ts";

/** The repository root (conformance/run/ is two levels down). */
export const REPOSITORY_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** What a run hands to {@link writeReports}. */
export interface RunRecord {
  dut: string;
  profile: CapabilityProfile;
  profileFile: string;
  seed: string;
  start: string;
  end: string;
  results: RequirementResult[];
  mutants?: Certification["mutants"];
}

/** Files under `dir` (recursively, bounded depth), relative paths, sorted. */
async function filesUnder(dir: string, depth = 4): Promise<string[]> {
  if (depth < 0) return [];
  const out: string[] = [];
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    const full = join(dir, name);
    const s = await stat(full).catch(() => undefined);
    if (s?.isDirectory()) out.push(...(await filesUnder(full, depth - 1)).map((f) => join(name, f)));
    else if (s?.isFile()) out.push(name);
  }
  return out;
}

/**
 * Writes `junit.xml`, `report.json` (CTRF + certification, sealed with its own SHA-256), `report.html`, and
 * `SHA256SUMS` over the traces, observations and reports. Returns the summary.
 */
export async function writeReports(outDir: string, run: RunRecord): Promise<{ summary: VerdictSummary; files: Record<"junit" | "json" | "html", string> }> {
  await mkdir(outDir, { recursive: true });
  const summary = summarise(run.results);
  const components = await componentVersions(REPOSITORY_ROOT);
  const evidenceFiles = (await filesUnder(outDir)).filter((f) => /(apdu-trace\.txt|observations\.json|profile\.json)$/.test(f));
  const files = await Promise.all(evidenceFiles.map(async (path) => ({ path, sha256: await sha256File(join(outDir, path)) })));
  const certification: Omit<Certification, "reportSha256"> = {
    dut: run.dut,
    profile: { file: run.profileFile, sha256: sha256(JSON.stringify(run.profile)), content: run.profile },
    components,
    seed: run.seed,
    start: run.start,
    end: run.end,
    files,
    ...(run.mutants ? { mutants: run.mutants } : {}),
  };
  const seconds = (Date.parse(run.end) - Date.parse(run.start)) / 1000;
  const junit = join(outDir, "junit.xml");
  const json = join(outDir, "report.json");
  const html = join(outDir, "report.html");
  await writeFile(junit, junitReport(run.results, { name: `myna-hil conformance ${run.dut}`, timestamp: run.start, seconds }));
  const report = ctrfReport(run.results, summary, certification, { version: components["myna-hil"] ?? "unknown" });
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(
    html,
    htmlReport(run.results, summary, {
      title: `myna-hil conformance — ${run.profile.vendor} ${run.profile.product} ${run.profile.version}`,
      dut: run.dut,
      profile: run.profileFile,
      seed: run.seed,
      start: run.start,
      end: run.end,
      sourceBase: relative(outDir, REPOSITORY_ROOT) || ".",
      ...(run.mutants ? { mutants: run.mutants } : {}),
    }),
  );
  const sums = [...files, ...(await Promise.all([junit, json, html].map(async (f) => ({ path: relative(outDir, f), sha256: await sha256File(f) }))))];
  await writeFile(join(outDir, "SHA256SUMS"), sums.map((f) => `${f.sha256}  ${f.path}\n`).join(""));
  return { summary, files: { junit, json, html } };
}

/** Saves what a rejudge needs: the observations and the profile. */
export async function saveObservations(outDir: string, observations: ObservationSet, profile: CapabilityProfile, meta: { dut: string; profileFile: string; seed: string; start: string; end: string }): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, "observations.json"), JSON.stringify(observations));
  await writeFile(join(outDir, "profile.json"), `${JSON.stringify({ ...meta, profile }, null, 2)}\n`);
}
