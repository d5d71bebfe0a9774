import { createHash } from "node:crypto";
import { join } from "node:path";
import { findReaderModel, PANASONIC_XC_STFR1J_MN } from "../../sim/readers/face-auth/reader-models.ts";
import type { ObservationSet, ScenarioObservation } from "../observations/scenario-observation.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";
import { secretDigest } from "../requirements/secret-scan.ts";
import { openEmulatedWorld } from "./emulated-world.ts";
import { ObservingService } from "./observing-service.ts";
import type { CounterHooks } from "./reference-counter.ts";
import { SCENARIOS } from "./scenario-catalogue.ts";
import { playScenario } from "./play-scenario.ts";
import { TEST_PIN, TEST_SIGN_PASSWORD, WRONG_PIN } from "./scenario-devices.ts";

/** Options of {@link runEmulated}. */
export interface EmulatedRunOptions {
  profile: CapabilityProfile;
  /** Where observations, RES folders, traces and the service's data go. */
  dir: string;
  /** The run's printed seed (the secret-digest salt is derived from it). */
  seed: string;
  /** A mutant's changes to the reference. */
  hooks?: CounterHooks;
  /** Play only these scenarios (default: all). */
  scenarios?: readonly string[];
  onScenario?: (o: ScenarioObservation) => void;
}

/**
 * DUT `emulated`: plays every scenario against the project's own face-auth reader model and terminal (or a mutant of
 * them) in a fresh world, and returns what was observed.
 */
export async function runEmulated(options: EmulatedRunOptions): Promise<ObservationSet> {
  const world = await openEmulatedWorld(join(options.dir, "world"));
  const service = new ObservingService(world.client);
  const profile = options.profile.readerModel ? findReaderModel(options.profile.readerModel) : PANASONIC_XC_STFR1J_MN;
  const salt = createHash("sha256").update(`salt:${options.seed}`).digest("hex").slice(0, 32);
  const secrets = [TEST_PIN, WRONG_PIN, TEST_SIGN_PASSWORD];
  const set: ObservationSet = { scenarios: {}, secretDigests: { salt, digests: secrets.map((s) => secretDigest(salt, s)), lengths: [...new Set(secrets.map((s) => s.length))] } };
  try {
    for (const definition of SCENARIOS) {
      if (options.scenarios && !options.scenarios.includes(definition.id)) continue;
      const o = await playScenario(definition, {
        world,
        service,
        profile,
        generalPurposeReaderName: options.profile.generalPurposeReader?.name ?? "SONY FeliCa RC-S300/P",
        dir: join(options.dir, "scenarios", definition.id),
        ...(options.hooks ? { hooks: options.hooks } : {}),
      });
      set.scenarios[o.scenario] = o;
      options.onScenario?.(o);
    }
  } finally {
    await world.close();
  }
  return set;
}
