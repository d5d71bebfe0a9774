import { READER_MODELS } from "../../sim/readers/face-auth/reader-models.ts";
import { UsbReaderProfiles } from "../../sim/readers/general-purpose/index.ts";
import type { ScenarioEntry } from "../catalogue/scenario-entry.ts";
import { entrySymptoms } from "./entry-symptoms.ts";
import type { Incident } from "./incident.ts";
import { japaneseSimilarity, normalizeJapanese } from "./japanese-text.ts";

/** Words at least this close (0–1, {@link japaneseSimilarity}) count as the same words. */
export const WORDS_MATCH_THRESHOLD = 0.6;

/** One catalogue entry weighed against an incident. */
export interface IncidentMatch {
  readonly entry: ScenarioEntry;
  /** Higher is closer. */
  readonly score: number;
  /** Whether the reported code or words are what this entry shows: only then can it produce the incident. */
  readonly canProduce: boolean;
  /** Which fields matched or did not, one phrase each, e.g. `code 006 ✓`, `words ✓ 0.86 「…」`, `device ✗ card ≠ iphone`. */
  readonly why: readonly string[];
}

/** USB reader product names by the catalogue's model keys (scenarios/catalogue/scenario-world.ts). */
const USB_NAMES: Record<string, string> = {
  "rc-s300-p": UsbReaderProfiles.rcS300P.name,
  "generic-part3": UsbReaderProfiles.genericPart3.name,
  "short-apdu-only": UsbReaderProfiles.shortApduOnly.name,
  "full-atqb-atr": UsbReaderProfiles.fullAtqbAtr.name,
  "android-remote-reader": UsbReaderProfiles.androidRemoteReader.name,
};

/** A reader name as compared: lower case, only letters and digits (`SONY RC-S300/P` → `sonyrcs300p`). */
function readerKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Whether the reported USB reader is on the face-auth model's list (a reported name may leave out the maker or `FeliCa`). */
function isListed(reported: string, readerModel: string): boolean | undefined {
  const profile = READER_MODELS.find((m) => m.id === readerModel);
  if (profile === undefined) return undefined;
  const key = readerKey(reported).replace(/^sony/, "").replace(/^felica/, "");
  return profile.listedGeneralPurposeReaders.some((name) => readerKey(name).endsWith(key) && key.length >= 4);
}

/**
 * Weighs every catalogue entry against the incident and returns them best first. The reported code (5 points) and
 * words (up to 4) decide whether an entry can produce the incident at all (baselines that end well never can); device kind (2, or −3 when it differs),
 * the failing step (2), the reader set-up (general-purpose reader set up or not, listed or not: up to 3), the face-auth
 * reader model (1), phone model and OS version (0.5 each) and facility (0.25) rank the ones that can.
 */
export function matchIncident(incident: Incident, entries: readonly ScenarioEntry[]): IncidentMatch[] {
  return entries
    .map((entry) => weigh(incident, entry))
    .sort((a, b) => Number(b.canProduce) - Number(a.canProduce) || b.score - a.score || a.entry.id.localeCompare(b.entry.id));
}

function weigh(incident: Incident, entry: ScenarioEntry): IncidentMatch {
  const symptoms = entrySymptoms(entry);
  const why: string[] = [];
  let score = 0;
  let canProduce = false;
  const code = incident.shown.code === undefined ? undefined : normalizeJapanese(incident.shown.code).toUpperCase();
  if (code !== undefined) {
    if (symptoms.codes.includes(code)) {
      score += 5;
      canProduce = true;
      why.push(`code ${code} ✓`);
    } else why.push(`code ${code} ✗${symptoms.codes.length > 0 ? ` (shows ${symptoms.codes.join(", ")})` : ""}`);
  }
  if (incident.shown.words !== undefined) {
    const words = incident.shown.words;
    const best = symptoms.phrases.map((p) => ({ p, s: japaneseSimilarity(words, p) })).sort((a, b) => b.s - a.s)[0];
    const similarity = best?.s ?? 0;
    if (similarity >= WORDS_MATCH_THRESHOLD) {
      score += 4 * similarity;
      canProduce = true;
      why.push(`words ✓ ${similarity.toFixed(2)} 「${best?.p ?? ""}」`);
    } else {
      score += 2 * similarity;
      why.push(`words ✗ ${similarity.toFixed(2)}${best ? ` (closest 「${best.p}」)` : ""}`);
    }
  }
  const device = entry.setting.device;
  if (device.kind === incident.device.kind) {
    score += 2;
    why.push(`device ✓ ${device.kind}`);
  } else {
    score -= 3;
    why.push(`device ✗ ${device.kind} ≠ ${incident.device.kind}`);
  }
  if (device.kind !== "card" && device.kind === incident.device.kind) {
    if (incident.device.model !== undefined && readerKey(incident.device.model) === readerKey(device.model)) {
      score += 0.5;
      why.push(`phone model ✓ ${device.model}`);
    }
    if (incident.device.osVersion !== undefined && incident.device.osVersion.split(".")[0] === device.os.split(".")[0]) {
      score += 0.5;
      why.push(`OS ✓ ${incident.device.os ?? device.kind} ${device.os}`);
    }
  }
  if (symptoms.steps.includes(incident.failedAt)) {
    score += 2;
    why.push(`step ✓ ${incident.failedAt}`);
  } else if (symptoms.steps.length > 0) why.push(`step ✗ ${incident.failedAt} (entry fails at ${symptoms.steps.join(" / ")})`);
  score += weighReaders(incident, entry, why);
  if (entry.setting.facility === incident.facilityType) score += 0.25;
  if (canProduce && !symptoms.showsError) {
    canProduce = false;
    why.push("ends well (a baseline): cannot produce an incident");
  }
  return { entry, score: Math.round(score * 100) / 100, canProduce, why };
}

function weighReaders(incident: Incident, entry: ScenarioEntry, why: string[]): number {
  let score = 0;
  if (entry.setting.reader === incident.readerModel) {
    score += 1;
    why.push(`reader ✓ ${entry.setting.reader}`);
  }
  const gp = entry.setting.generalPurposeReader;
  const entrySetUp = gp.model !== "none" && gp.setUp === "maker-procedure";
  const reportedNone = readerKey(incident.generalPurposeReader.model) === "none";
  const reportedSetUp = !reportedNone && incident.generalPurposeReader.setUp;
  if (entrySetUp === reportedSetUp) {
    score += 1;
    why.push(`general-purpose reader ${reportedSetUp ? "set up" : "not set up"} ✓`);
  } else why.push(`general-purpose reader ✗ ${entrySetUp ? "set up" : "not set up"} in the entry`);
  if (!reportedNone && gp.model !== "none" && entry.setting.reader !== "canon-facr") {
    const reportedListed = isListed(incident.generalPurposeReader.model, incident.readerModel === "other" ? entry.setting.reader : incident.readerModel);
    const entryListed = isListed(USB_NAMES[gp.model] ?? gp.model, entry.setting.reader);
    if (reportedListed !== undefined && reportedListed === entryListed) {
      score += reportedListed ? 0.5 : 2;
      why.push(`${incident.generalPurposeReader.model} ${reportedListed ? "listed" : "not listed"} for the reader ✓`);
    }
  }
  return score;
}
