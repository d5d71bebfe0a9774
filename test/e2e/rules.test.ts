import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CardRegistry, type MyNumberCard } from "../../sim/cards/index.ts";
import { CertificateLinks } from "../../sim/onshi/index.ts";
import type { UsageCounts } from "../../sim/onshi/usage-counts.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, type PhoneToken } from "../../sim/phones/index.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import { addMonthsUtc, ManualClock, PFU_CAORA } from "../../sim/readers/face-auth/index.ts";
import type { CounterStation } from "../../sim/station/counter-station.ts";
import { runVisit, type VisitOutcome, type VisitPlan } from "../../scenarios/clinic/patient-visit.ts";
import { type CountedService, countedService, counter, filesIn, openWorld, readOqs, type World } from "./counter-fixture.ts";

/**
 * The certificate-expiry rules of docs/domain/rules.md through the whole path: reader → terminal → online service → result file
 * and usage counts. test/onshi/certificate-rules.test.ts checks the same rules at the service alone; here each is seen
 * where a counter meets it. Both layers hold the rule: the reader refuses what it can date (006, no service call), and
 * the service refuses it again when a reader whose clock lags lets it through.
 */

const DAY = 86_400_000;
/** Cards of a `valid` persona are issued valid for four years from the registry's `now` (sim/cards/certificate-validity.ts). */
const CARD_LIFETIME_MS = 4 * 365 * DAY;
const CONSENT: ConsentAnswers = { drug: true, healthCheck: false, clinical: false, surgery: false, costCap: false, prescription: "electronic" };

let world: World;
let counted: CountedService;
/** A reader with a correct clock. */
let station: CounterStation;
/** A reader whose clock is five days slow: it dates certificates wrongly, so only the service stands in the way. */
let lagging: CounterStation;

beforeAll(async () => {
  world = await openWorld();
  counted = countedService(world);
  station = await counter(world, PFU_CAORA, "rules", { service: counted.service });
  lagging = await counter(world, PFU_CAORA, "rules-lagging", { clock: new ManualClock(Date.now() - 5 * DAY) });
});
afterAll(async () => {
  await station?.close();
  await lagging?.close();
  await world?.close();
});

/** The persona's card, issued by the world's authority so that its auth certificate expires at `notAfter`, linked. */
async function cardExpiringAt(personaId: string, notAfter: Date): Promise<MyNumberCard> {
  const registry = new CardRegistry({ keyStore: KeyStore.shared(), authority: await world.cards.authority(), now: new Date(notAfter.getTime() - CARD_LIFETIME_MS) });
  const card = await registry.card(personaId);
  // X.509 dates have whole seconds.
  expect(Math.abs(card.authCertificate.notAfter.getTime() - notAfter.getTime())).toBeLessThan(1000);
  CertificateLinks.shared().register(card.authCertificate.serialNumber, personaId, "card");
  return card;
}

/** A phone the card was added to back when the card was young: its certificate ends with the card's, at `notAfter`. */
async function phoneExpiringAt<T extends PhoneToken>(kind: "iphone" | "android", personaId: string, notAfter: Date): Promise<T> {
  const card = await cardExpiringAt(personaId, notAfter);
  const id = `${kind}-${personaId}-old`;
  const phone = kind === "iphone" ? new IPhoneToken({ id, model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"] }) : new AndroidPhoneToken({ id, model: phoneModel("Pixel 8", "14") });
  const added = await world.phones.provision({ phone, card, cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true, now: new Date(notAfter.getTime() - 365 * DAY) });
  if (!added.ok) throw new Error(`provisioning ${personaId} refused: ${added.refusal.reason}`);
  const auth = phone.certificates?.auth;
  if (!auth) throw new Error("phone without certificates");
  expect(auth.notAfter.getTime()).toBe(card.authCertificate.notAfter.getTime());
  CertificateLinks.shared().register(auth.serialNumber, personaId, kind);
  return phone as unknown as T;
}

function planFor(device: MyNumberCard | IPhoneToken | AndroidPhoneToken): VisitPlan {
  if (device instanceof IPhoneToken) return { device: "iphone", phone: device, biometricFirst: true, consents: CONSENT };
  if (device instanceof AndroidPhoneToken) return { device: "android", phone: device, pin: "1234", consents: CONSENT };
  return { device: "card", card: device, method: "pin", consents: CONSENT };
}

function moved(after: UsageCounts, before: UsageCounts): Partial<Record<keyof UsageCounts, number>> {
  const delta: Partial<Record<keyof UsageCounts, number>> = {};
  for (const key of Object.keys(after) as (keyof UsageCounts)[]) if (after[key] !== before[key]) delta[key] = after[key] - before[key];
  return delta;
}

/** A visit at `at` with what it changed: usage counts, new result files, service calls (of the counted station). */
async function visit(at: CounterStation, device: MyNumberCard | IPhoneToken | AndroidPhoneToken) {
  const before = await world.client.usage();
  const files = await filesIn(at.res.path);
  const calls = { ...counted.calls };
  const outcome = await runVisit(at, world.sockets, planFor(device));
  expect(at.reader.state).toBe("standby");
  const newFiles = (await filesIn(at.res.path)).filter((f) => !files.includes(f));
  const callsMade = Object.fromEntries(Object.entries(counted.calls).map(([k, v]) => [k, v - calls[k as keyof typeof calls]]));
  return { outcome, moved: moved(await world.client.usage(), before), newFiles, callsMade };
}

/** The reader stopped the device itself: 006, nothing asked of the service, nothing written, nothing counted. */
function expectStoppedAtTheReader(v: Awaited<ReturnType<typeof visit>>): void {
  expect(v.outcome).toMatchObject({ kind: "reader-stopped", state: "error-006", code: "006" });
  expect(v.callsMade).toEqual({ requestChallenge: 0, qualify: 0, recordConsent: 0, queryInsurance: 0 });
  expect(v.newFiles).toEqual([]);
  expect(v.moved).toEqual({});
}

/** The service refused the proof: a result file with the error, no validity, nothing counted. */
async function expectRefusedByTheService(v: Awaited<ReturnType<typeof visit>>): Promise<void> {
  const outcome: VisitOutcome = v.outcome;
  if (outcome.kind !== "refused") throw new Error(`expected a refusal by the service, got ${outcome.kind}${outcome.kind === "reader-stopped" ? ` on ${outcome.state}` : ""}`);
  // The lagging reader saw the certificate inside its alert window and said so on the way.
  expect(outcome.guidance).toHaveLength(1);
  expect(outcome.result).toMatchObject({ processingResultStatus: "2", processingResultCode: "certificate-expired" });
  expect(v.newFiles).toEqual([basename(outcome.resultFile)]);
  const doc = await readOqs(outcome.resultFile);
  expect(doc.MessageHeader.SegmentOfResult).toBe("9");
  expect(doc.MessageBody).toMatchObject({ ProcessingResultStatus: "2", ProcessingResultCode: "certificate-expired" });
  expect(doc.MessageBody.QualificationValidity).toBeUndefined();
  expect(v.moved).toEqual({});
}

describe("certificate expiry through the whole path (docs/domain/rules.md)", () => {
  it.each([
    ["iPhone", "iphone", "P0017"],
    ["Android", "android", "P0015"],
  ] as const)("%s certificate expired one day ago: refused (phones have no grace)", async (_label, kind, personaId) => {
    const phone = await phoneExpiringAt<IPhoneToken | AndroidPhoneToken>(kind, personaId, new Date(Date.now() - DAY));
    expectStoppedAtTheReader(await visit(station, phone));
    await expectRefusedByTheService(await visit(lagging, phone));
  });

  it("card certificate expired two months ago: accepted in the 3-month grace (alert on the reader), validity 1, counted once", async () => {
    const card = await cardExpiringAt("P0003", addMonthsUtc(new Date(), -2));
    const v = await visit(station, card);
    if (v.outcome.kind !== "answered") throw new Error(`expected an answer, got ${v.outcome.kind}`);
    expect(v.outcome.guidance).toEqual(["利用者証明用電子証明書の有効期限をご確認ください"]);
    expect(v.outcome.result).toMatchObject({ processingResultStatus: "1", qualificationValidity: "1", certificateInGrace: true, deviceKind: "card" });
    expect(v.newFiles).toEqual([basename(v.outcome.resultFile)]);
    const doc = await readOqs(v.outcome.resultFile);
    expect(doc.MessageBody).toMatchObject({ ProcessingResultStatus: "1", QualificationValidity: "1" });
    expect(v.moved).toEqual({ onlineQualifications: 1, myNumberUses: 1, cardUses: 1 });
  });

  it("card certificate expired three months and a day ago: refused", async () => {
    const card = await cardExpiringAt("P0014", new Date(addMonthsUtc(new Date(), -3).getTime() - DAY));
    expectStoppedAtTheReader(await visit(station, card));
    await expectRefusedByTheService(await visit(lagging, card));
  });
});
