import type { ApduDevice } from "../../sim/apdu/index.ts";
import { addMonthsUtc } from "../../sim/pki/add-months-utc.ts";
import { DEFAULT_AUTHORISATION_WINDOW_MS, type IPhoneToken, type PhoneToken } from "../../sim/phones/index.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import { consentChoice } from "../../sim/station/counter-station.ts";
import { SCENARIO, type ScenarioId } from "../observations/scenario-ids.ts";
import type { ScenarioDevice } from "../observations/scenario-observation.ts";
import type { EmulatedWorld } from "./emulated-world.ts";
import type { ObservedDevice } from "./observed-device.ts";
import { cardExpiringAt, expiredPhone, linkedCard, phoneWith, TEST_PIN, WRONG_PIN } from "./scenario-devices.ts";
import type { VisitDriver } from "./visit-driver.ts";

/** The consents every patient of the suite gives (mixed, so a client that drops or flips a flag is seen). */
export const CONSENTS: ConsentAnswers = { drug: true, healthCheck: false, clinical: true, surgery: false, costCap: true, prescription: "electronic" };

/** What a scenario brings: the device (served through an {@link ObservedDevice}), the phone behind it, facts for the judges. */
export interface PreparedScenario {
  device?: ApduDevice;
  phone?: PhoneToken;
  facts: Record<string, string | number | boolean>;
}

/** What {@link ScenarioDefinition.play} gets. */
export interface PlayContext {
  driver: VisitDriver;
  /** The prepared device behind its device-side trace, if any. */
  device: ObservedDevice | undefined;
  phone: PhoneToken | undefined;
  facts: Record<string, string | number | boolean>;
}

/** One scenario the suite plays against the emulated DUT. */
export interface ScenarioDefinition {
  id: ScenarioId;
  title: string;
  device: ScenarioDevice;
  /** Connect a general-purpose reader (default: unless the model reads phones itself). */
  generalPurposeReader?: boolean;
  /** The service answers every qualification with 503. */
  serviceDown?: boolean;
  prepare(world: EmulatedWorld): Promise<PreparedScenario>;
  play(context: PlayContext): Promise<void>;
}

/** Scenario facts: the consents as the service records them (`consent.<field>`), and the method used. */
function visitFacts(method: string): Record<string, string | number | boolean> {
  const { consent } = consentChoice(CONSENTS);
  return { method, ...Object.fromEntries(Object.entries(consent).map(([k, v]) => [`consent.${k}`, v])) };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`scenario set-up: no ${what}`);
  return value;
}

/** Phone path up to the hold: button, OS, (iPhone) biometric act, (Android) PIN. */
async function phoneUpToHold(c: PlayContext, os: "iphone" | "android", options: { biometric: boolean }): Promise<void> {
  const { driver } = c;
  const reader = driver.counter.reader;
  driver.act("choosePhone");
  reader.choosePhone();
  driver.act("chooseOs", os);
  const since = driver.mark();
  reader.chooseOs(os);
  if (os === "iphone" && options.biometric) {
    driver.act("biometric", "face");
    (need(c.phone, "phone") as IPhoneToken).performBiometric("face");
  }
  if (os === "android") {
    await driver.next(["android-pin-entry"], since);
    driver.act("enterPin", "right");
    reader.enterPin(TEST_PIN);
  }
}

/** A whole phone visit that should complete. */
async function phoneVisit(c: PlayContext, os: "iphone" | "android"): Promise<void> {
  await phoneUpToHold(c, os, { biometric: true });
  const since = c.driver.mark();
  await c.driver.hold(need(c.device, "device"), "general-purpose", c.phone);
  await c.driver.complete(CONSENTS, since);
}

/** A card visit by `method` that should complete. */
async function cardVisit(c: PlayContext, method: "pin" | "face" | "visual"): Promise<void> {
  const { driver } = c;
  const reader = driver.counter.reader;
  let since = driver.mark();
  await driver.hold(need(c.device, "device"), "card-slot");
  let state = await driver.next(["method-choice", "expiry-alert"], since);
  if (state === "expiry-alert") {
    since = driver.mark();
    driver.act("acknowledge");
    reader.acknowledge();
    state = await driver.next(["method-choice"], since);
  }
  if (state !== "method-choice") return;
  since = driver.mark();
  if (method === "pin") {
    driver.act("choosePin");
    reader.choosePin();
    await driver.next(["card-pin-entry"], since);
    since = driver.mark();
    driver.act("enterPin", "right");
    reader.enterPin(TEST_PIN);
  } else if (method === "face") {
    driver.act("chooseFace");
    reader.chooseFace();
    await driver.next(["face-match"], since);
    since = driver.mark();
    driver.act("faceScore", "0.95");
    reader.faceCameraScore(0.95);
  } else {
    driver.act("visualCheck");
    reader.staffVisualCheck();
  }
  await driver.complete(CONSENTS, since);
}

const card = (personaId: string, method: string) => async (world: EmulatedWorld) => ({ device: await linkedCard(world, personaId), facts: visitFacts(method) });
const phone = (personaId: string, kind: "iphone" | "android") => async (world: EmulatedWorld) => {
  const p = await phoneWith(world, kind, personaId, await world.cards.card(personaId));
  return { device: p, phone: p, facts: { ...visitFacts(kind === "iphone" ? "biometric" : "pin"), authorisationWindowMs: DEFAULT_AUTHORISATION_WINDOW_MS } };
};

/** Every scenario, in play order. Personas: docs/domain/rules.md cases over sim/personas (adults with valid certificates unless said). */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  { id: SCENARIO.iphoneOk, title: "iPhone: Face ID first, held on the general-purpose reader, consents, result file", device: "iphone", prepare: phone("P0002", "iphone"), play: (c) => phoneVisit(c, "iphone") },
  { id: SCENARIO.androidOk, title: "Android: PIN typed on the reader, held on the general-purpose reader, consents, result file", device: "android", prepare: phone("P0013", "android"), play: (c) => phoneVisit(c, "android") },
  { id: SCENARIO.cardPinOk, title: "Card on the reader, auth PIN, consents, result file", device: "card", prepare: card("P0001", "pin"), play: (c) => cardVisit(c, "pin") },
  { id: SCENARIO.cardFaceOk, title: "Card on the reader, face match, consents, result file", device: "card", prepare: card("P0003", "face"), play: (c) => cardVisit(c, "face") },
  { id: SCENARIO.cardVisual, title: "Card on the reader, staff visual check, consents, result file", device: "card", prepare: card("P0004", "visual"), play: (c) => cardVisit(c, "visual") },
  {
    id: SCENARIO.cardWrongPin,
    title: "Card, the patient types a wrong PIN once (3 tries), then gives up",
    device: "card",
    prepare: async (world) => ({ device: await linkedCard(world, "P0011"), facts: { pinEntries: 1, triesBefore: 3, triesLeftAfter: 2 } }),
    play: async (c) => {
      const { driver } = c;
      const reader = driver.counter.reader;
      let since = driver.mark();
      await driver.hold(need(c.device, "device"), "card-slot");
      if ((await driver.next(["method-choice"], since)) !== "method-choice") return;
      since = driver.mark();
      driver.act("choosePin");
      reader.choosePin();
      await driver.next(["card-pin-entry"], since);
      since = driver.mark();
      driver.act("enterPin", "wrong");
      reader.enterPin(WRONG_PIN);
      // The PIN pad comes back (with the tries left) or the reader stops; either way the patient gives up here.
      await driver.next(["card-pin-verifying"], since, 1000);
      await driver.next(["card-pin-entry", "pin-locked"], driver.mark());
      driver.act("cancel");
    },
  },
  {
    id: SCENARIO.prematureTap,
    title: "iPhone held on the general-purpose reader before 「スマートフォンを利用する」 was pressed, then the right order",
    device: "iphone",
    prepare: phone("P0020", "iphone"),
    play: async (c) => {
      const { driver } = c;
      const reader = driver.counter.reader;
      driver.act("biometric", "face");
      (need(c.phone, "phone") as IPhoneToken).performBiometric("face");
      const since = driver.mark();
      await driver.hold(need(c.device, "device"), "general-purpose", c.phone);
      await driver.next(["guidance-operate-first"], since, 1500);
      const chosen = driver.mark();
      driver.act("choosePhone");
      reader.choosePhone();
      driver.act("chooseOs", "iphone");
      reader.chooseOs("iphone");
      await driver.complete(CONSENTS, chosen);
    },
  },
  {
    id: SCENARIO.phoneOnCardSlot,
    title: "Android held on the face-auth reader's card antenna instead of the general-purpose reader",
    device: "android",
    prepare: phone("P0023", "android"),
    play: async (c) => {
      const start = c.driver.mark();
      await phoneUpToHold(c, "android", { biometric: false });
      await c.driver.next(["phone-hold"], start);
      const since = c.driver.mark();
      await c.driver.hold(need(c.device, "device"), "card-slot", c.phone);
      await c.driver.next(["guidance-phone-on-card-antenna"], since);
    },
  },
  {
    id: SCENARIO.iphoneNoBiometric,
    title: "iPhone held before Face ID; the patient does Face ID when asked and holds again",
    device: "iphone",
    prepare: phone("P0024", "iphone"),
    play: async (c) => {
      const { driver } = c;
      await phoneUpToHold(c, "iphone", { biometric: false });
      let since = driver.mark();
      await driver.hold(need(c.device, "device"), "general-purpose", c.phone);
      const state = await driver.next(["guidance-iphone-biometric", "consent-drug"], since);
      if (state === "guidance-iphone-biometric") {
        driver.act("biometric", "face");
        (need(c.phone, "phone") as IPhoneToken).performBiometric("face");
        since = driver.mark();
        driver.act("retry");
        driver.counter.reader.retry();
      }
      await driver.complete(CONSENTS, since);
    },
  },
  {
    id: SCENARIO.phoneExpired,
    title: "iPhone whose certificate expired yesterday (phones have no grace)",
    device: "iphone",
    prepare: async (world) => {
      const p = await expiredPhone(world, "iphone", "P0017", 1);
      return { device: p, phone: p, facts: visitFacts("biometric") };
    },
    play: async (c) => {
      await phoneUpToHold(c, "iphone", { biometric: true });
      const since = c.driver.mark();
      await c.driver.hold(need(c.device, "device"), "general-purpose", c.phone);
      await c.driver.complete(CONSENTS, since);
    },
  },
  {
    id: SCENARIO.cardInGrace,
    title: "Card whose certificate expired two months ago (inside the card's 3-month grace), PIN",
    device: "card",
    prepare: async (world) => ({ device: await cardExpiringAt(world, "P0012", addMonthsUtc(new Date(), -2)), facts: visitFacts("pin") }),
    play: (c) => cardVisit(c, "pin"),
  },
  {
    id: SCENARIO.cardBeyondGrace,
    title: "Card whose certificate expired three months and a day ago, PIN",
    device: "card",
    prepare: async (world) => ({ device: await cardExpiringAt(world, "P0014", new Date(addMonthsUtc(new Date(), -3).getTime() - 86_400_000)), facts: visitFacts("pin") }),
    play: (c) => cardVisit(c, "pin"),
  },
  {
    id: SCENARIO.phoneRemovedMidRead,
    title: "iPhone taken away in the middle of the certificate read, then held again",
    device: "iphone",
    prepare: phone("P0015", "iphone"),
    play: async (c) => {
      const { driver } = c;
      const reader = driver.counter.reader;
      const device = need(c.device, "device");
      const token = need(c.phone, "phone");
      let reads = 0;
      device.afterProcess = (command) => {
        // The second READ BINARY of the session: the phone leaves the field (the reader sees SCARD_W_REMOVED_CARD).
        if (command[1] !== 0xb0 || ++reads !== 2) return;
        device.afterProcess = undefined;
        driver.act("leaveField");
        void driver.counter.phonePort.remove();
        token.leaveField();
      };
      await phoneUpToHold(c, "iphone", { biometric: true });
      let since = driver.mark();
      await driver.hold(device, "general-purpose", token);
      const state = await driver.next(["guidance-phone-read-failed", "consent-drug"], since);
      if (state === "consent-drug") return;
      await driver.takeAway();
      since = driver.mark();
      driver.act("acknowledge");
      reader.acknowledge();
      await driver.next(["standby"], since);
      await phoneUpToHold(c, "iphone", { biometric: true });
      since = driver.mark();
      await driver.hold(device, "general-purpose", token);
      await driver.complete(CONSENTS, since);
    },
  },
  {
    id: SCENARIO.noGeneralPurposeReader,
    title: "No general-purpose reader connected: the patient looks for 「スマートフォンを利用する」 and presses where it would be",
    device: "none",
    generalPurposeReader: false,
    prepare: () => Promise.resolve({ facts: {} }),
    play: async (c) => {
      const since = c.driver.mark();
      c.driver.act("choosePhone");
      c.driver.counter.reader.choosePhone();
      await c.driver.next(["os-choice"], since, 500);
    },
  },
  { id: SCENARIO.serviceDown, title: "Card with PIN while the online service answers 503 to every qualification", device: "card", serviceDown: true, prepare: card("P0023", "pin"), play: (c) => cardVisit(c, "pin") },
];
