import { basename } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { UsageCounts } from "../../sim/onshi/usage-counts.ts";
import type { AndroidPhoneToken, IPhoneToken } from "../../sim/phones/index.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import type { ScreenView } from "../../sim/readers/face-auth/face-auth-reader.ts";
import { CANON_FACR, PANASONIC_XC_STFR1J_MN } from "../../sim/readers/face-auth/index.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import type { CounterStation } from "../../sim/station/counter-station.ts";
import { runVisit, type VisitOutcome, type VisitPlan } from "../../scenarios/clinic/patient-visit.ts";
import { type CountedService, countedService, counter, filesIn, linkedCard, linkedPhone, openWorld, readOqs, type World } from "./counter-fixture.ts";

/**
 * The mistakes the pilot saw (docs/domain/pilot-findings.md) and the refusals a patient meets at the reader, through the counter and
 * the online service on loopback: each either ends in a completed read with the guidance on the way recorded, or stops
 * without counting anything; every visit ends on the top screen within a bounded time.
 */

const CONSENT: ConsentAnswers = { drug: true, healthCheck: false, clinical: true, surgery: false, costCap: false, prescription: "electronic" };
/** runVisit waits at most 10 s per screen; a visit that hangs fails here long before the test's own time-out. */
const VISIT_BOUND_MS = 12_000;

let world: World;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(async () => {
  await world?.close();
});

const phones = new Map<string, unknown>();
async function phone<T>(kind: "iphone" | "android", personaId: string): Promise<T> {
  const key = `${kind}:${personaId}`;
  if (!phones.has(key)) phones.set(key, await linkedPhone(world, kind, personaId));
  return phones.get(key) as T;
}

function delta(after: UsageCounts, before: UsageCounts): Partial<Record<keyof UsageCounts, number>> {
  const moved: Partial<Record<keyof UsageCounts, number>> = {};
  for (const key of Object.keys(after) as (keyof UsageCounts)[]) if (after[key] !== before[key]) moved[key] = after[key] - before[key];
  return moved;
}

describe.each([
  // Blocked-PIN phones get their own person per model (one phone per person).
  { profile: PANASONIC_XC_STFR1J_MN, blockedAndroidOf: "P0011" },
  { profile: CANON_FACR, blockedAndroidOf: "P0014" },
])("pilot failures on $profile.maker $profile.model", ({ profile, blockedAndroidOf }) => {
  let station: CounterStation;
  let counted: CountedService;
  let screens: ScreenView[] = [];

  beforeAll(async () => {
    counted = countedService(world);
    station = await counter(world, profile, `pilot-${profile.id}`, { service: counted.service });
    station.reader.on("screen", (view) => screens.push(view));
  });
  afterAll(async () => {
    await station?.close();
  });
  beforeEach(() => {
    screens = [];
  });
  afterEach(() => {
    // Never a hang, never left mid-read: the next patient finds the top screen.
    expect(station.reader.state).toBe("standby");
  });

  /** Runs a visit with a bound on its length; returns it with the usage before and after. */
  async function visit(plan: VisitPlan) {
    const before = await world.client.usage();
    const resBefore = await filesIn(station.res.path);
    const t0 = performance.now();
    const outcome = await runVisit(station, world.sockets, plan);
    expect(performance.now() - t0).toBeLessThan(VISIT_BOUND_MS);
    const after = await world.client.usage();
    const newFiles = (await filesIn(station.res.path)).filter((f) => !resBefore.includes(f));
    return { outcome, moved: delta(after, before), newFiles };
  }

  const seen = (state: ScreenStateId) => screens.filter((s) => s.state === state);
  const titleOf = (state: ScreenStateId) => seen(state)[0]?.title;

  async function expectQualified(outcome: VisitOutcome, newFiles: string[]) {
    if (outcome.kind !== "answered") throw new Error(`expected an answered visit, got ${outcome.kind}${outcome.kind === "reader-stopped" ? ` on ${outcome.state}` : ""}`);
    expect(newFiles).toEqual([basename(outcome.resultFile)]);
    const doc = await readOqs(outcome.resultFile);
    expect(doc.MessageBody).toMatchObject({ ProcessingResultStatus: "1", QualificationValidity: "1" });
  }

  it.each([
    ["iPhone", "iphone", "P0002"],
    ["Android", "android", "P0004"],
  ] as const)("%s held before 「スマートフォンを利用する」: guidance, then the read completes", async (_label, kind, personaId) => {
    const plan: VisitPlan =
      kind === "iphone"
        ? { device: "iphone", phone: await phone<IPhoneToken>("iphone", personaId), biometricFirst: true, holdBeforeButton: true, consents: CONSENT }
        : { device: "android", phone: await phone<AndroidPhoneToken>("android", personaId), pin: "1234", holdBeforeButton: true, consents: CONSENT };
    const { outcome, moved, newFiles } = await visit(plan);
    expect(seen("guidance-operate-first")).toHaveLength(1);
    expect(titleOf("guidance-operate-first")).toContain("スマートフォンを利用する");
    expect(outcome.guidance).toEqual([titleOf("guidance-operate-first")]);
    await expectQualified(outcome, newFiles);
    expect(moved).toEqual({ onlineQualifications: 1, myNumberUses: 1, phoneUses: 1, [kind === "iphone" ? "iphoneUses" : "androidUses"]: 1 });
  });

  it("a phone held on the face-auth reader's own antenna: guidance to the general-purpose reader (not on Canon), then it completes", async () => {
    const { outcome, moved, newFiles } = await visit({ device: "android", phone: await phone<AndroidPhoneToken>("android", "P0004"), pin: "1234", wrongPlace: true, consents: CONSENT });
    if (profile.readsPhonesItself) {
      // Canon reads phones on its own antenna: that is the right place, no guidance.
      expect(seen("guidance-phone-on-card-antenna")).toEqual([]);
      expect(outcome.guidance).toEqual([]);
    } else {
      expect(seen("guidance-phone-on-card-antenna")).toHaveLength(1);
      expect(titleOf("guidance-phone-on-card-antenna")).toContain("汎用カードリーダー");
      expect(outcome.guidance).toEqual([titleOf("guidance-phone-on-card-antenna")]);
    }
    await expectQualified(outcome, newFiles);
    expect(moved).toEqual({ onlineQualifications: 1, myNumberUses: 1, phoneUses: 1, androidUses: 1 });
  });

  it("an iPhone tapped without Face ID: guidance, then it completes after the act", async () => {
    const iphone = await phone<IPhoneToken>("iphone", "P0002");
    const { outcome, moved, newFiles } = await visit({ device: "iphone", phone: iphone, biometricFirst: false, consents: CONSENT });
    expect(seen("guidance-iphone-biometric")).toHaveLength(1);
    expect(titleOf("guidance-iphone-biometric")).toMatch(/Face ID/);
    expect(outcome.guidance).toEqual([titleOf("guidance-iphone-biometric")]);
    await expectQualified(outcome, newFiles);
    expect(moved).toEqual({ onlineQualifications: 1, myNumberUses: 1, phoneUses: 1, iphoneUses: 1 });
  });

  it("an Android phone with a wrong PIN: tries left on the reader, then blocked and stopped; nothing counted, nothing qualified", async () => {
    const android = await phone<AndroidPhoneToken>("android", blockedAndroidOf);
    const calls = { ...counted.calls };
    for (const left of [2, 1]) {
      const { outcome, moved, newFiles } = await visit({ device: "android", phone: android, pin: "9999", consents: CONSENT });
      expect(outcome).toMatchObject({ kind: "reader-stopped", state: "android-pin-entry" });
      expect(seen("android-pin-entry").at(-1)?.lines).toContain(`暗証番号が違います。残り${left}回`);
      expect(moved).toEqual({});
      expect(newFiles).toEqual([]);
    }
    // The third wrong PIN blocks it; the right PIN cannot help any more: the reader points to the other ways.
    for (const pin of ["9999", "1234"]) {
      screens = [];
      const { outcome, moved, newFiles } = await visit({ device: "android", phone: android, pin, consents: CONSENT });
      expect(outcome).toMatchObject({ kind: "reader-stopped", state: "guidance-phone-read-failed" });
      expect(seen("guidance-phone-read-failed")[0]?.lines.join("")).toMatch(/資格確認書/);
      expect(moved).toEqual({});
      expect(newFiles).toEqual([]);
    }
    // The phone's PIN was checked on the phone; no read reached the service.
    expect(counted.calls.qualify).toBe(calls.qualify);
    expect(counted.calls.recordConsent).toBe(calls.recordConsent);
  });

  it("a card whose certificate expired beyond the grace (P0007): error 006 on the reader, no service call, nothing counted", async () => {
    const calls = { ...counted.calls };
    const { outcome, moved, newFiles } = await visit({ device: "card", card: await linkedCard(world, "P0007"), method: "pin", consents: CONSENT });
    expect(outcome).toMatchObject({ kind: "reader-stopped", state: "error-006", code: "006", title: "利用者証明用電子証明書の失効・有効期限切れ" });
    expect(seen("error-006")).toHaveLength(1);
    expect(counted.calls).toEqual(calls);
    expect(moved).toEqual({});
    expect(newFiles).toEqual([]);
  });
});
