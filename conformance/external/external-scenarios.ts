import { addMonthsUtc } from "../../sim/pki/add-months-utc.ts";
import { DEFAULT_AUTHORISATION_WINDOW_MS, type PhoneToken } from "../../sim/phones/index.ts";
import { consentChoice } from "../../sim/station/counter-station.ts";
import type { ApduDevice } from "../../sim/apdu/index.ts";
import type { EmulatedWorld } from "../emulated/emulated-world.ts";
import { CONSENTS } from "../emulated/scenario-catalogue.ts";
import { cardExpiringAt, expiredPhone, linkedCard, phoneWith, TEST_PIN, WRONG_PIN } from "../emulated/scenario-devices.ts";
import { SCENARIO, type ScenarioId } from "../observations/scenario-ids.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";

/** How the patient plays a scenario against an outside program. */
export type PatientScript =
  /** Holds the device (an iPhone after Face ID) until the program ends. */
  | "hold"
  /** iPhone held before Face ID; once the program got 6982 the patient does Face ID, takes the phone away and holds it again. */
  | "biometric-late"
  /** The phone is taken away right after the first READ BINARY at offset ≥ 256 (mid-certificate), and held again 1.5 s later. */
  | "removed-mid-read";

/** One scenario of DUT external: a device in the general-purpose reader (pcscd through vpcd) and the patient's script. */
export interface ExternalScenario {
  id: ScenarioId;
  title: string;
  device: "card" | "iphone" | "android";
  /** The PIN the patient types on the vendor's terminal (given to it as $MYNA_CONFORMANCE_PIN and {pinFile}). */
  pin?: string;
  /** How the patient plays it (an iPhone gets Face ID before the first hold unless `biometric-late`). */
  script: PatientScript;
  serviceDown?: boolean;
  prepare(world: EmulatedWorld): Promise<{ device: ApduDevice; phone?: PhoneToken; facts: Record<string, string | number | boolean> }>;
}

/** Scenario facts: the consents as the service records them (`consent.<field>`) and the method the path uses. */
function visitFacts(method: string): Record<string, string | number | boolean> {
  const { consent } = consentChoice(CONSENTS);
  return { method, ...Object.fromEntries(Object.entries(consent).map(([k, v]) => [`consent.${k}`, v])) };
}

const card = (personaId: string) => async (world: EmulatedWorld) => ({ device: await linkedCard(world, personaId), facts: visitFacts("pin") });
const phone = (personaId: string, kind: "iphone" | "android") => async (world: EmulatedWorld) => {
  const p = await phoneWith(world, kind, personaId, await world.cards.card(personaId));
  return { device: p, phone: p, facts: { ...visitFacts(kind === "iphone" ? "biometric" : "pin"), authorisationWindowMs: DEFAULT_AUTHORISATION_WINDOW_MS } };
};

/** The scenarios DUT external plays, in order (same IDs, personas and facts as the emulated catalogue where they overlap). */
export const EXTERNAL_SCENARIOS: readonly ExternalScenario[] = [
  { id: SCENARIO.iphoneOk, title: "iPhone: Face ID first, held on the general-purpose reader", device: "iphone", script: "hold", prepare: phone("P0002", "iphone") },
  { id: SCENARIO.androidOk, title: "Android: PIN typed, held on the general-purpose reader", device: "android", pin: TEST_PIN, script: "hold", prepare: phone("P0013", "android") },
  { id: SCENARIO.cardPinOk, title: "Card on the general-purpose reader, auth PIN", device: "card", pin: TEST_PIN, script: "hold", prepare: card("P0001") },
  {
    id: SCENARIO.cardWrongPin,
    title: "Card, the patient types a wrong PIN once (3 tries), then gives up",
    device: "card",
    pin: WRONG_PIN,
    script: "hold",
    prepare: async (world) => ({ device: await linkedCard(world, "P0011"), facts: { pinEntries: 1, triesBefore: 3, triesLeftAfter: 2 } }),
  },
  { id: SCENARIO.iphoneNoBiometric, title: "iPhone held before Face ID; Face ID when asked, held again", device: "iphone", script: "biometric-late", prepare: phone("P0024", "iphone") },
  {
    id: SCENARIO.phoneExpired,
    title: "iPhone whose certificate expired yesterday (phones have no grace)",
    device: "iphone",
    script: "hold",
    prepare: async (world) => {
      const p = await expiredPhone(world, "iphone", "P0017", 1);
      return { device: p, phone: p, facts: visitFacts("biometric") };
    },
  },
  {
    id: SCENARIO.cardInGrace,
    title: "Card whose certificate expired two months ago (inside the card's 3-month grace), PIN",
    device: "card",
    pin: TEST_PIN,
    script: "hold",
    prepare: async (world) => ({ device: await cardExpiringAt(world, "P0012", addMonthsUtc(new Date(), -2)), facts: visitFacts("pin") }),
  },
  { id: SCENARIO.phoneRemovedMidRead, title: "iPhone taken away in the middle of the certificate read, then held again", device: "iphone", script: "removed-mid-read", prepare: phone("P0015", "iphone") },
  { id: SCENARIO.serviceDown, title: "Card with PIN while the online service answers 503 to every qualification", device: "card", pin: TEST_PIN, script: "hold", serviceDown: true, prepare: card("P0023") },
];

/** Why a scenario is not played against an outside program, or undefined when it is. */
export function externalNotPlayed(id: string, profile: CapabilityProfile): string | undefined {
  const s = EXTERNAL_SCENARIOS.find((x) => x.id === id);
  if (!s) return "not played by DUT external (face/visual paths, face-auth reader screens and the missing-reader case need a face-auth reader: DUT emulated)";
  if (s.device === "card" && !profile.cards) return "cards is false";
  if (s.device === "card" && !profile.identityPaths.pin) return "identityPaths.pin is false";
  if (s.device !== "card" && !profile.phoneOses.includes(s.device === "iphone" ? "ios" : "android")) return `phoneOses does not include ${s.device === "iphone" ? "ios" : "android"}`;
  return undefined;
}
