import { basename } from "node:path";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import type { UsageCounts } from "../../sim/onshi/usage-counts.ts";
import type { AndroidPhoneToken, IPhoneToken, PhoneToken } from "../../sim/phones/index.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import { PANASONIC_XC_STFR1J_MN } from "../../sim/readers/face-auth/index.ts";
import { GeneralPurposeReader, GeneralPurposeReaderSlot, PcscReaderPort, UsbReaderProfiles } from "../../sim/readers/general-purpose/index.ts";
import type { CounterStation } from "../../sim/station/counter-station.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { describeHardware } from "../support/hardware-tier.ts";
import { counter, filesIn, linkedPhone, openWorld, readOqs, type World } from "./counter-fixture.ts";

/** Screens a read can stop on: waiting for the next step also ends on any of them (no wait runs into its time-out). */
const STOPS: readonly ScreenStateId[] = ["error-001", "error-002", "error-006", "error-system", "guidance-timeout", "guidance-phone-read-failed", "guidance-operate-first", "guidance-phone-on-card-antenna"];
const WAIT = { timeoutMs: 10_000 };

describeHardware("a phone through the real pcscd, read by the same terminal code", (status) => {
  // Another run may hold a slot: take a free one.
  const vpcdSlot = status.freeSlots[0] ?? 0;
  const readerName = status.vpcdReaders[vpcdSlot] as string;
  let world: World;
  let context: PcscContext;
  /** The RC-S300/P beside the face-auth reader; what is in its field is inserted into pcscd through vpcd. */
  let rcs300: GeneralPurposeReader;
  let mirror: GeneralPurposeReaderSlot;
  /** The terminal's general-purpose reader: PC/SC on vpcd's reader. */
  let port: PcscReaderPort;
  let station: CounterStation;

  beforeAll(async () => {
    world = await openWorld();
    context = await PcscContext.open();
    rcs300 = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    mirror = await GeneralPurposeReaderSlot.open(rcs300, { slot: vpcdSlot });
    // pcscd lists the emulated RC-S300/P under vpcd's name; the terminal's set-up records the model (the face-auth
    // reader only shows the phone button for a model its maker lists: docs/domain/rules.md#general-purpose-reader).
    port = await PcscReaderPort.open(readerName, { model: rcs300.name });
    station = await counter(world, PANASONIC_XC_STFR1J_MN, "pcscd", { generalPurposePort: port });
  });

  afterEach(async () => {
    rcs300.remove();
    await mirror.settled();
    await context.waitForRemoval(readerName, { timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await station?.close();
    await port?.close();
    await mirror?.close();
    context?.close();
    await world?.close();
  });

  /** Holds the phone on the RC-S300/P and waits until pcscd's reader has it. */
  async function tap(phone: PhoneToken): Promise<void> {
    rcs300.hold(phone);
    await mirror.settled();
    expect(mirror.inserted).toBe(true);
  }

  /** Answers the consent screens, takes the phone away, and has the terminal qualify the read. */
  async function consentAndFinish(): Promise<Awaited<ReturnType<CounterStation["finish"]>>> {
    const { reader } = station;
    for (const answer of [true, false, true, false, false, "electronic"] as const) reader.consent(answer);
    expect(await reader.waitForState(["result", ...STOPS], WAIT)).toBe("result");
    const read = reader.result;
    if (!read) throw new Error("no completed read");
    rcs300.remove();
    reader.acknowledge();
    return station.finish(read);
  }

  async function expectQualified(outcome: Awaited<ReturnType<CounterStation["finish"]>>, personaId: string): Promise<void> {
    expect(await filesIn(station.res.path)).toContain(basename(outcome.resultFile));
    expect(basename(outcome.resultFile)).toMatch(/^OQSsiquc01res_face_\d{17}_\d{6}\.xml$/);
    const doc = await readOqs(outcome.resultFile);
    expect(doc.MessageHeader).toMatchObject({ MedicalInstitutionCode: world.facility.medicalInstitutionCode, ReferenceClassification: "1", SegmentOfResult: "1" });
    expect(doc.MessageBody).toMatchObject({ ProcessingResultStatus: "1", QualificationValidity: "1", PrescriptionIssueSelect: "1" });
    const r = doc.MessageBody.ResultList.ResultOfQualificationConfirmation;
    const persona = (await world.cards.card(personaId)).persona;
    expect(r.Birthdate).toBe(persona.birthDate.replaceAll("-", ""));
    expect([r.PharmacistsInfoConsFlg, r.SpecificHealthCheckupsInfoConsFlg, r.DiagnosisInfoConsFlg, r.OperationInfoConsFlg]).toEqual(["1", "0", "1", "0"]);
  }

  function moved(after: UsageCounts, before: UsageCounts): Partial<Record<keyof UsageCounts, number>> {
    const delta: Partial<Record<keyof UsageCounts, number>> = {};
    for (const key of Object.keys(after) as (keyof UsageCounts)[]) if (after[key] !== before[key]) delta[key] = after[key] - before[key];
    return delta;
  }

  test("Android: PIN on the face-auth reader, phone on the RC-S300/P inside pcscd, qualified (validity 1), counted once", async () => {
    const phone = await linkedPhone<AndroidPhoneToken>(world, "android", "P0001");
    const { reader } = station;
    const before = await world.client.usage();
    const apdusBefore = mirror.link.stats.apdus;
    expect(reader.screen().buttons).toContain("スマートフォンを利用する");
    expect(reader.choosePhone()).toBe(true);
    reader.chooseOs("android");
    expect(await reader.waitForState(["android-pin-entry", ...STOPS], WAIT)).toBe("android-pin-entry");
    reader.enterPin("1234");
    expect(await reader.waitForState(["phone-hold", ...STOPS], WAIT)).toBe("phone-hold");
    await tap(phone);
    expect(await reader.waitForState(["consent-drug", ...STOPS], WAIT)).toBe("consent-drug");
    // The read went through pcscd: vpcd carried the APDUs.
    expect(mirror.link.stats.apdus - apdusBefore).toBeGreaterThanOrEqual(5);
    const outcome = await consentAndFinish();
    expect(outcome.result).toMatchObject({ processingResultStatus: "1", qualificationValidity: "1", deviceKind: "android" });
    await expectQualified(outcome, "P0001");
    expect(moved(await world.client.usage(), before)).toEqual({ onlineQualifications: 1, myNumberUses: 1, phoneUses: 1, androidUses: 1 });
    expect(await reader.waitForState("standby", WAIT)).toBe("standby");
  });

  test("iPhone: refused through pcscd before the biometric act (guidance), read after it, qualified, counted once", async () => {
    const phone = await linkedPhone<IPhoneToken>(world, "iphone", "P0002");
    const { reader } = station;
    const before = await world.client.usage();
    expect(await reader.waitForState("standby", WAIT)).toBe("standby");
    expect(reader.choosePhone()).toBe(true);
    reader.chooseOs("iphone");
    expect(await reader.waitForState(["phone-hold", ...STOPS], WAIT)).toBe("phone-hold");
    // Held without Face ID first: the phone's 6982 comes back through pcscd, the reader asks for the act.
    await tap(phone);
    expect(await reader.waitForState(["guidance-iphone-biometric", "consent-drug", ...STOPS], WAIT)).toBe("guidance-iphone-biometric");
    expect(phone.performBiometric("face").ok).toBe(true);
    reader.retry();
    expect(await reader.waitForState(["consent-drug", ...STOPS], WAIT)).toBe("consent-drug");
    const outcome = await consentAndFinish();
    expect(outcome.result).toMatchObject({ processingResultStatus: "1", qualificationValidity: "1", deviceKind: "iphone" });
    await expectQualified(outcome, "P0002");
    expect(moved(await world.client.usage(), before)).toEqual({ onlineQualifications: 1, myNumberUses: 1, phoneUses: 1, iphoneUses: 1 });
    expect(await reader.waitForState("standby", WAIT)).toBe("standby");
  });
});
