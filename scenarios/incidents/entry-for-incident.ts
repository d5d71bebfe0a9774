import { PHONE_MODELS, type KnownPhoneModel } from "../../sim/phones/index.ts";
import { READER_MODELS } from "../../sim/readers/face-auth/reader-models.ts";
import type { ReaderModelId, ScenarioEntry } from "../catalogue/scenario-entry.ts";
import type { Incident } from "./incident.ts";

/** A catalogue entry set in the incident's circumstances, and what was changed. */
export interface AdaptedEntry {
  readonly entry: ScenarioEntry;
  /** One phrase per change, e.g. `facility: clinic → pharmacy`. */
  readonly changes: readonly string[];
}

/**
 * The entry with the incident's circumstances where they do not change what the entry is about: the facility; the
 * face-auth reader model when both read phones the same way (through a general-purpose reader, or on their own
 * antenna as Canon's); the phone model (when the simulator knows it and it is of the same kind) and OS version. The
 * general-purpose reader, persona and steps stay the entry's: they are the mechanism of the error.
 */
export function entryForIncident(entry: ScenarioEntry, incident: Incident): AdaptedEntry {
  const changes: string[] = [];
  let setting = entry.setting;
  if (setting.facility !== incident.facilityType) {
    changes.push(`facility: ${setting.facility} → ${incident.facilityType}`);
    setting = { ...setting, facility: incident.facilityType };
  }
  const reported = READER_MODELS.find((m) => m.id === incident.readerModel);
  const current = READER_MODELS.find((m) => m.id === setting.reader);
  if (reported && current && reported.id !== current.id && reported.readsPhonesItself === current.readsPhonesItself) {
    changes.push(`reader: ${current.id} → ${reported.id}`);
    setting = { ...setting, reader: reported.id as ReaderModelId };
  }
  const device = setting.device;
  if (device.kind !== "card" && device.kind === incident.device.kind) {
    const model = knownModel(incident.device.model, device.kind);
    let adapted = device;
    if (model !== undefined && model !== device.model) {
      changes.push(`phone: ${device.model} → ${model}`);
      adapted = { ...adapted, model };
    }
    if (incident.device.osVersion !== undefined && incident.device.osVersion !== device.os) {
      changes.push(`OS version: ${device.os} → ${incident.device.osVersion}`);
      adapted = { ...adapted, os: incident.device.osVersion };
    }
    setting = { ...setting, device: adapted };
  }
  return { entry: changes.length === 0 ? entry : { ...entry, setting }, changes };
}

/** The simulator's model named `name` (case, spaces and punctuation ignored) of the right platform, if it has one. */
function knownModel(name: string | undefined, kind: "iphone" | "android"): KnownPhoneModel | undefined {
  if (name === undefined) return undefined;
  const key = (s: string): string => s.normalize("NFKC").toLowerCase().replace(/[^a-z0-9]/g, "");
  const platform = kind === "iphone" ? "ios" : "android";
  return (Object.keys(PHONE_MODELS) as KnownPhoneModel[]).find((m) => key(m) === key(name) && PHONE_MODELS[m].platform === platform);
}
