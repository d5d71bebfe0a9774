import { createHash } from "node:crypto";
import { normalizeTrace } from "../../sim/trace/index.ts";
import { CATALOGUE } from "../catalogue/catalogue.ts";
import { runScenario } from "../catalogue/run-scenario.ts";
import type { ScenarioEntry } from "../catalogue/scenario-entry.ts";
import type { ScenarioVerdict } from "../catalogue/scenario-verdict.ts";
import { entryForIncident } from "./entry-for-incident.ts";
import type { Incident } from "./incident.ts";
import { type IncidentMatch, matchIncident } from "./match-incident.ts";

/** Options of {@link reproduceIncident}. */
export interface ReproduceOptions {
  /** Seed of the runs (default the incident's, else 1). */
  seed?: number;
  /** Most entries run (default 3). */
  maxRuns?: number;
  /** Entries within this many points of the best one are run too (default 1). */
  margin?: number;
  /** The catalogue to match against (default the whole catalogue). */
  catalogue?: readonly ScenarioEntry[];
}

/** One entry run for the incident. */
export interface IncidentRun {
  readonly match: IncidentMatch;
  /** Changes made to the entry's setting to fit the incident. */
  readonly changes: readonly string[];
  readonly verdict: ScenarioVerdict;
  /** Whether the entry's error — the reported one — happened again (the entry's expected outcome happened). */
  readonly reproduced: boolean;
  /** The normalized trace (docs/domain/traces.md) and its SHA-256. */
  readonly normalizedTrace: string;
  readonly normalizedTraceSha256: string;
}

/** What `reproduce` found. */
export interface Reproduction {
  readonly incident: Incident;
  readonly seed: number;
  /** Every entry, best first. */
  readonly matches: readonly IncidentMatch[];
  /** The entries run (empty when no entry can produce the incident). */
  readonly runs: readonly IncidentRun[];
  /** Whether the reported error happened again in at least one run. */
  readonly reproduced: boolean;
}

/**
 * Reproduces an incident: weighs the catalogue against it (`matchIncident`), runs the best entries that can produce it
 * (those within `margin` points of the best, at most `maxRuns`), each set in the incident's circumstances
 * (`entryForIncident`) with the seed, and says whether the reported error happened again. Same incident and seed,
 * same normalized traces.
 */
export async function reproduceIncident(incident: Incident, options: ReproduceOptions = {}): Promise<Reproduction> {
  const seed = options.seed ?? incident.seed ?? 1;
  const matches = matchIncident(incident, options.catalogue ?? CATALOGUE);
  const producing = matches.filter((m) => m.canProduce);
  const best = producing[0]?.score ?? 0;
  const chosen = producing.filter((m) => m.score >= best - (options.margin ?? 1)).slice(0, Math.max(1, options.maxRuns ?? 3));
  const runs: IncidentRun[] = [];
  for (const match of chosen) {
    const adapted = entryForIncident(match.entry, incident);
    const verdict = await runScenario(adapted.entry, { seed });
    const normalizedTrace = normalizeTrace(verdict.trace.entries);
    runs.push({
      match,
      changes: adapted.changes,
      verdict,
      reproduced: verdict.passed,
      normalizedTrace,
      normalizedTraceSha256: createHash("sha256").update(normalizedTrace).digest("hex"),
    });
  }
  return { incident, seed, matches, runs, reproduced: runs.some((r) => r.reproduced) };
}
