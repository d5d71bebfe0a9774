import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenState } from "../../sim/readers/face-auth/screen-machine.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import type { RuleSwitchboard } from "../../sim/rules/index.ts";
import type { CounterStation } from "../../sim/station/index.ts";
import { type FallbackCause, fallbackOptions, receiptInsuredNumber } from "../../sim/terminal/fallback.ts";
import type { ScenarioCarrier } from "./mechanisms/carrier-ports.ts";
import { type PlayState, playStep, settle } from "./play-steps.ts";
import type { ScenarioEntry } from "./scenario-entry.ts";
import { compareOutcome, type ObservedOutcome, type ScenarioVerdict } from "./scenario-verdict.ts";
import { openScenarioWorld } from "./scenario-world.ts";

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Seed of the run's randomness (phones' PUPIs); printed with the verdict. Default 1. */
  seed?: number;
  /** APDU carrier between the face-auth reader and the devices (default in-process). */
  carrier?: ScenarioCarrier;
  /** Rules switched off (default every rule on). */
  rules?: RuleSwitchboard;
}

/** Carriers the runner supports (scenarios/catalogue/README.md). */
export const SUPPORTED_CARRIERS: readonly ScenarioCarrier[] = ["in-process", "ws", "pcscd"];

/** Steps bound: a scenario never plays more than this many steps. */
const MAX_STEPS = 100;

/**
 * Runs one catalogue entry: builds its setting, plays its steps, observes (screens visited, guidance shown, result file,
 * fallback recorded, service usage, APDU trace) and compares with the expected outcome.
 */
export async function runScenario(entry: ScenarioEntry, options: RunScenarioOptions = {}): Promise<ScenarioVerdict> {
  const t0 = performance.now();
  const seed = options.seed ?? 1;
  const asked = options.carrier ?? "in-process";
  if (!SUPPORTED_CARRIERS.includes(asked)) throw new RangeError(`carrier ${asked} is not supported (supported: ${SUPPORTED_CARRIERS.join(", ")})`);
  const why = asked === "in-process" ? undefined : entry.notThrough?.[asked];
  const carrier: ScenarioCarrier = why === undefined ? asked : "in-process";
  const dir = await mkdtemp(join(tmpdir(), `myna-scenario-${entry.id}-`));
  const world = await openScenarioWorld(entry, { carrier, seed, dir, ...(options.rules ? { rules: options.rules } : {}) }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const observed: ObservedOutcome = {
    screens: [],
    stoppedOn: undefined,
    guidance: [],
    phoneButton: undefined,
    resultFile: "none",
    fallback: "none",
    usageCounted: false,
    uses: 0,
    provision: world.setupProvision === undefined ? undefined : world.setupProvision.ok ? "ok" : world.setupProvision.refusal.reason,
    host: undefined,
    hostDetail: undefined,
    receiptInsuredNumber: undefined,
    notes: [],
  };
  const play: PlayState = { observed, lastRead: undefined, visited: false };
  const reader = world.station.reader;
  reader.on("screen", (view) => {
    if (observed.screens.at(-1) !== view.state) observed.screens.push(view.state);
    const kind = screenState(view.state).kind;
    if (kind === "guidance") observed.guidance.push(view.title);
    if (kind === "error" || kind === "guidance") observed.stoppedOn = view.state;
  });
  try {
    const before = await world.usage();
    await settle(world);
    for (const step of entry.steps.slice(0, MAX_STEPS)) await playStep(world, entry, step, play);
    const after = await world.usage();
    observed.uses = after.myNumberUses - before.myNumberUses;
    observed.usageCounted = observed.uses > 0;
    // A visit that ended with an answer is not "stopped", whatever guidance it met on the way.
    if (typeof observed.resultFile === "object" && observed.resultFile.status === "1") observed.stoppedOn = undefined;
    if (play.visited) await recordFallback(entry, world.station, observed);
  } finally {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  }
  const differences = compareOutcome(entry.expected, observed);
  return {
    id: entry.id,
    passed: differences.length === 0,
    expected: entry.expected,
    observed,
    differences,
    trace: world.trace,
    seed,
    carrier,
    ...(why !== undefined ? { carrierNote: `in-process, not through ${asked}: ${why}` } : {}),
    rulesOff: options.rules?.off ?? [],
    durationMs: performance.now() - t0,
  };
}

/** The fallback the counter takes after the visit (docs/domain/fallbacks.md), recorded by the terminal. */
async function recordFallback(entry: ScenarioEntry, station: CounterStation, observed: ObservedOutcome): Promise<void> {
  const cause = fallbackCauseOf(entry, observed);
  if (cause === undefined) return;
  const visit = { firstVisit: entry.setting.visit?.firstVisit ?? true };
  const options = fallbackOptions(cause, visit);
  const documents = entry.setting.visit?.documents ?? true;
  // Without documents, the card-based options of an outage are out of reach (docs/domain/fallbacks.md#online-check-impossible).
  const kind = documents ? options[0] : options.find((k) => k !== "qualification-notice-with-card");
  if (kind === undefined) return;
  const record = await station.terminal.recordFallback(cause, kind, { copaymentRatio: "030" });
  observed.fallback = record.kind;
  // Nothing known about the insured number: the 不詳 receipt (docs/domain/fallbacks.md#receipt-claim-order).
  if (kind === "self-declaration") observed.receiptInsuredNumber = receiptInsuredNumber({}).insurerNumber;
}

/** Why the online path failed, from what was observed (as scenarios/clinic does it). */
function fallbackCauseOf(entry: ScenarioEntry, observed: ObservedOutcome): FallbackCause | undefined {
  const result = observed.resultFile;
  if (typeof result === "object") return result.status === "1" ? undefined : "certificate-invalid";
  if (result === "error") return "system-unavailable";
  const stop: ScreenStateId | undefined = observed.stoppedOn;
  if (stop === "pin-locked") return "pin-blocked";
  if (stop === "error-006") return "certificate-invalid";
  if (stop === "error-system") return "system-unavailable";
  return entry.setting.device.kind === "card" ? "card-read-failed" : "phone-read-failed";
}
