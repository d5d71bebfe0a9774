import { screenState, type ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import type { ScenarioEntry } from "../catalogue/scenario-entry.ts";
import type { IncidentStep } from "./incident.ts";

/** What staff would see and report when a catalogue entry happens: words, codes, the step where it failed. */
export interface EntrySymptoms {
  /** Phrases shown or said: the entry's Japanese words (split at ` / ` and ` → `), the titles of the screens it stops on. */
  readonly phrases: readonly string[];
  /** Screen codes (`006`) and status words (`6982`) it shows. */
  readonly codes: readonly string[];
  /** The steps where it fails, as {@link IncidentStep}s. */
  readonly steps: readonly IncidentStep[];
  /**
   * Whether the entry shows an error at all (a guidance or error screen, a refusal, a host failure, no phone button, a
   * refused qualification, a fallback). Baselines, which end well, cannot produce an incident.
   */
  readonly showsError: boolean;
}

/** Steps a screen belongs to (docs/domain/counter-flow.md). */
const SCREEN_STEPS: Partial<Record<ScreenStateId, readonly IncidentStep[]>> = {
  "guidance-operate-first": ["phone-button", "hold"],
  "guidance-phone-on-card-antenna": ["hold"],
  "guidance-phone-read-failed": ["reading", "hold"],
  "guidance-iphone-biometric": ["biometric", "hold"],
  "guidance-timeout": ["os-choice"],
  "pin-locked": ["pin-entry"],
  "card-pin-entry": ["pin-entry"],
  "error-001": ["card-reading"],
  "error-002": ["card-reading"],
  "error-006": ["card-reading", "reading"],
  "expiry-alert": ["card-reading", "reading"],
  "face-locked": ["identity-check"],
  "face-match": ["identity-check"],
  "error-system": ["result"],
};

/** The words a missing phone button is reported with (docs/domain/counter-flow.md#phone-button). */
const NO_PHONE_BUTTON = "「スマートフォンを利用する」が表示されない";

/** The symptoms of `entry`, from its Japanese words and expected outcome. */
export function entrySymptoms(entry: ScenarioEntry): EntrySymptoms {
  const expected = entry.expected;
  const phrases = entry.japanese.split(/\s+(?:\/|→)\s+/).filter((p) => p.length > 0);
  const screens: ScreenStateId[] = [...(expected.stoppedOn ? [expected.stoppedOn] : []), ...(expected.screens ?? []).filter((s) => s.startsWith("guidance-") || s.startsWith("error-") || s === "pin-locked" || s === "face-locked")];
  for (const s of screens) phrases.push(screenState(s).title);
  phrases.push(...(expected.guidance ?? []));
  if (expected.phoneButton === false) phrases.push(NO_PHONE_BUTTON);
  const codes = new Set<string>();
  for (const s of screens) {
    const code = screenState(s).code;
    if (code) codes.add(code);
  }
  for (const m of entry.japanese.matchAll(/(?<![0-9A-F])(\d{3}|6[0-9A-F]{3}|9000)(?![0-9A-F])/g)) codes.add(m[1] as string);
  const steps = new Set<IncidentStep>();
  for (const s of screens) for (const step of SCREEN_STEPS[s] ?? []) steps.add(step);
  if (expected.provision !== undefined && expected.provision !== "ok") steps.add("adding-card-to-phone");
  if (expected.host !== undefined) steps.add("host-software");
  if (expected.phoneButton === false) ["phone-button", "setup"].forEach((s) => steps.add(s as IncidentStep));
  if (entry.setting.readerFault === "blinking-red") ["setup", "card-reading"].forEach((s) => steps.add(s as IncidentStep));
  if (typeof expected.resultFile === "object" && expected.resultFile.status === "2") steps.add("result");
  if (entry.setting.service === "down") steps.add("result");
  if ((expected.screens ?? []).filter((s) => s === "android-pin-entry").length > 1) steps.add("pin-entry");
  const hostFailed = expected.host !== undefined && expected.host !== "read-and-signed" && expected.host !== "certificate-read";
  const refused = typeof expected.resultFile === "object" && expected.resultFile.status === "2";
  const showsError = screens.length > 0 || (expected.guidance ?? []).length > 0 || (expected.provision !== undefined && expected.provision !== "ok") || hostFailed || expected.phoneButton === false || refused || (expected.fallback !== undefined && expected.fallback !== "none");
  return { phrases: [...new Set(phrases)], codes: [...codes], steps: [...steps], showsError };
}
