import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningOnshiServer, startOnshiServer } from "../../sim/onshi/index.ts";
import type { QualificationResult } from "../../sim/contract/qualification-result.ts";
import type { AndroidPhoneToken, IPhoneToken } from "../../sim/phones/index.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import { ManualClock, PANASONIC_XC_STFR1J_MN } from "../../sim/readers/face-auth/index.ts";
import type { CounterStation } from "../../sim/station/counter-station.ts";
import { ServiceUnreachableError } from "../../sim/terminal/qualification-terminal.ts";
import { type FallbackKind, type FallbackRecord, fallbackOptions, receiptInsuredNumber } from "../../sim/terminal/fallback.ts";
import { oqsDate } from "../../sim/terminal/oqs/oqs-dates.ts";
import { RequestFolder } from "../../sim/terminal/oqs/req-folder.ts";
import { runVisit, type VisitOutcome } from "../../scenarios/clinic/patient-visit.ts";
import { requestXml } from "../terminal/oqs/request-xml-fixture.ts";
import { counter, filesIn, linkedCard, linkedPhone, openWorld, readOqs, type World } from "./counter-fixture.ts";

/** The fallbacks of docs/domain/fallbacks.md at a counter with the online service on loopback (a real server, restarted in place). */

const CONSENT: ConsentAnswers = { drug: true, healthCheck: true, clinical: false, surgery: false, costCap: false, prescription: "paper" };
const WAIT = { timeoutMs: 10_000 };
const PROFILE = PANASONIC_XC_STFR1J_MN;

let world: World;
/** The service now running (the world's, or one restarted on the same data directory and port). */
let service: RunningOnshiServer;
let port: number;
/** The reader's clock: it moves only when told (the phone-hold time-out), so nothing else times out by itself. */
const clock = new ManualClock();
let station: CounterStation;
let fallbackLog: string;

beforeAll(async () => {
  world = await openWorld();
  service = world.server;
  port = Number(new URL(world.server.url).port);
  station = await counter(world, PROFILE, "fallbacks", { clock });
  fallbackLog = join(world.dir, "fallbacks", "fallbacks.jsonl");
});
afterAll(async () => {
  await station?.close();
  await service?.close();
  await world?.close();
});

async function stopService(): Promise<void> {
  await service.close();
}
/** The same service back: same data directory (journal), same port, same credentials. */
async function startService(): Promise<void> {
  service = await startOnshiServer({ authority: await world.cards.authority(), dataDir: join(world.dir, "onshi"), port });
}

async function loggedFallbacks(): Promise<FallbackRecord[]> {
  const text = await readFile(fallbackLog, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as FallbackRecord);
}

const phones = new Map<string, unknown>();
/** One phone per person and kind for the whole file (adding the card to another phone would disable the first). */
async function phone<T>(kind: "iphone" | "android", personaId: string): Promise<T> {
  const key = `${kind}:${personaId}`;
  if (!phones.has(key)) phones.set(key, await linkedPhone(world, kind, personaId));
  return phones.get(key) as T;
}

function answered(outcome: VisitOutcome): { result: QualificationResult; resultFile: string } {
  if (outcome.kind !== "answered") throw new Error(`expected an answer, got ${outcome.kind}${outcome.kind === "reader-stopped" ? ` on ${outcome.state}` : ""}`);
  return outcome;
}

/** The patient taps nowhere near the reader: the hold times out and the reader shows the phone fallback. */
async function phoneReadFails(iphone: IPhoneToken): Promise<string[]> {
  const { reader } = station;
  expect(reader.choosePhone()).toBe(true);
  reader.chooseOs("iphone");
  iphone.performBiometric("face");
  expect(await reader.waitForState("phone-hold", WAIT)).toBe("phone-hold");
  clock.advance(PROFILE.timeouts.phoneHoldMs);
  expect(await reader.waitForState("guidance-phone-read-failed", WAIT)).toBe("guidance-phone-read-failed");
  const lines = reader.screen().lines;
  reader.acknowledge();
  expect(reader.state).toBe("standby");
  return lines;
}

describe("a phone read that fails", () => {
  it("the reader says check the hold, then card / 資格確認書 / Mynaportal; the options are offered in that order", async () => {
    const lines = await phoneReadFails(await phone<IPhoneToken>("iphone", "P0002"));
    expect(lines[0]).toMatch(/かざす位置/);
    expect(lines.join("")).toMatch(/マイナンバーカード、資格確認書、またはマイナポータル/);
    expect(fallbackOptions("phone-read-failed", { firstVisit: false })).toEqual(["physical-card", "eligibility-certificate", "mynaportal-screen", "mynaportal-pdf"]);
  });

  it.each(["eligibility-certificate", "mynaportal-screen", "mynaportal-pdf"] as const)("checked by eye from %s: recorded in the fallback log, the usage counts do not move", async (kind) => {
    const iphone = await phone<IPhoneToken>("iphone", "P0002");
    const before = await world.client.usage();
    const logged = (await loggedFallbacks()).length;
    await phoneReadFails(iphone);
    expect(fallbackOptions("phone-read-failed", { firstVisit: false })).toContain(kind);
    const record = await station.terminal.recordFallback("phone-read-failed", kind, { copaymentRatio: "030" });
    const log = await loggedFallbacks();
    expect(log).toHaveLength(logged + 1);
    expect(log.at(-1)).toEqual(record);
    expect(record).toMatchObject({ facility: world.facility.medicalInstitutionCode, cause: "phone-read-failed", kind, countsTowardsUsage: false, copaymentRatio: "030" });
    expect(await world.client.usage()).toEqual(before);
  });

  it("the physical card instead: a card qualification (counted as a card use), never a phone use", async () => {
    const before = await world.client.usage();
    await phoneReadFails(await phone<IPhoneToken>("iphone", "P0002"));
    await station.terminal.recordFallback("phone-read-failed", "physical-card");
    const { result } = answered(await runVisit(station, world.sockets, { device: "card", card: await linkedCard(world, "P0002"), method: "pin", consents: CONSENT }));
    expect(result).toMatchObject({ qualificationValidity: "1", deviceKind: "card" });
    const after = await world.client.usage();
    expect(after.cardUses - before.cardUses).toBe(1);
    expect(after.phoneUses).toBe(before.phoneUses);
    expect(after.iphoneUses).toBe(before.iphoneUses);
    expect((await loggedFallbacks()).at(-1)).toMatchObject({ kind: "physical-card", countsTowardsUsage: false });
  });
});

describe("the online service down", () => {
  it("the reader stops cleanly on its system error, the terminal refuses a read it cannot send, and the notices' fallbacks are recorded", async () => {
    const android = await phone<AndroidPhoneToken>("android", "P0004");
    const card = await linkedCard(world, "P0001");
    const before = await world.client.usage();
    // A read completed at the reader just before the line went down.
    const { reader } = station;
    expect(reader.choosePhone()).toBe(true);
    reader.chooseOs("android");
    await reader.waitForState("android-pin-entry", WAIT);
    reader.enterPin("1234");
    android.enterField();
    await station.phonePort.hold(await world.sockets.urlOf(android));
    expect(await reader.waitForState(["consent-drug", "error-system", "guidance-phone-read-failed"], WAIT)).toBe("consent-drug");
    for (const answer of [true, true, false, false, false, "paper"] as const) reader.consent(answer);
    await reader.waitForState("result", WAIT);
    const read = reader.result;
    await station.phonePort.remove();
    android.leaveField();
    reader.acknowledge();
    if (!read) throw new Error("no completed read");
    const resBefore = await filesIn(station.res.path);

    await stopService();
    try {
      // The terminal: a clear rejection, and an error result file (SegmentOfResult 9) for the receipt computer.
      // (A kept-alive socket may see the close first: "socket hang up"; a new connection: ECONNREFUSED.)
      const failure = await station.finish(read).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(ServiceUnreachableError);
      expect((failure as Error).message).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
      const errorFiles = (await filesIn(station.res.path)).filter((f) => !resBefore.includes(f));
      expect(errorFiles).toHaveLength(1);
      const errorXml = await readFile(join(station.res.path, errorFiles[0] as string), "utf8");
      expect(errorXml).toContain("<SegmentOfResult>9</SegmentOfResult>");
      expect(errorXml).toContain("<ErrorCode>E-SERVICE</ErrorCode>");
      resBefore.push(...errorFiles);
      // The reader cannot get a challenge: it stops on its system error and comes back to the top screen.
      for (const outcome of [
        await runVisit(station, world.sockets, { device: "android", phone: android, pin: "1234", consents: CONSENT }),
        await runVisit(station, world.sockets, { device: "card", card, method: "pin", consents: CONSENT }),
      ]) {
        expect(outcome).toMatchObject({ kind: "reader-stopped", state: "error-system" });
        expect(reader.state).toBe("standby");
      }
      expect(await filesIn(station.res.path)).toEqual(resBefore);

      const firstVisit = fallbackOptions("system-unavailable", { firstVisit: true });
      const revisit = fallbackOptions("system-unavailable", { firstVisit: false });
      expect(firstVisit).toEqual(["qualification-notice-with-card", "self-declaration"]);
      expect(revisit).toEqual(["qualification-notice-with-card", "oral-check-revisit"]);
      const logged = (await loggedFallbacks()).length;
      const recorded: FallbackKind[] = ["qualification-notice-with-card", "self-declaration", "oral-check-revisit"];
      for (const kind of recorded) await station.terminal.recordFallback("system-unavailable", kind, { copaymentRatio: "030" });
      const log = (await loggedFallbacks()).slice(logged);
      expect(log.map((r) => r.kind)).toEqual(recorded);
      for (const r of log) expect(r).toMatchObject({ cause: "system-unavailable", countsTowardsUsage: false, copaymentRatio: "030", facility: world.facility.medicalInstitutionCode });
    } finally {
      await startService();
    }
    // Nothing of the outage was counted.
    expect(await world.client.usage()).toEqual(before);
  });

  it("a request dropped in the REQ folder while it is down waits, and is answered once it is back; nothing accepted before is lost", async () => {
    // Accepted before the outage: a phone qualification with its consent.
    const android = await phone<AndroidPhoneToken>("android", "P0004");
    const { result } = answered(await runVisit(station, world.sockets, { device: "android", phone: android, pin: "1234", consents: CONSENT }));
    const qualificationId = result.qualificationId as string;
    const consent = (await world.client.getQualification(qualificationId)).consent;
    expect(consent).toMatchObject({ pharmacistsInfo: true, specificHealthCheckInfo: true, diagnosisInfo: false });
    const insured = result.insured;
    if (!insured) throw new Error("no insured record");
    const usage = await world.client.usage();

    const reqDir = join(world.dir, "fallbacks", "REQ");
    const folder = new RequestFolder({ path: reqDir, res: station.res, service: world.client, medicalInstitutionCode: world.facility.medicalInstitutionCode });
    await folder.processOnce();
    const request = "OQSsiquc01req_E2E0001.xml";
    const answer = "OQSsiquc01res_E2E0001.xml";
    const xml = requestXml({
      QualificationConfirmationDate: oqsDate(new Date()),
      MedicalInstitutionCode: world.facility.medicalInstitutionCode,
      ArbitraryFileIdentifier: "E2E0001",
      InsurerNumber: insured.insurerNumber,
      InsuredCardSymbol: insured.insuredCardSymbol,
      InsuredIdentificationNumber: insured.insuredIdentificationNumber,
      InsuredBranchNumber: insured.insuredBranchNumber,
      Birthdate: insured.birthdate,
      LimitApplicationCertificateRelatedConsFlg: "",
    });

    await stopService();
    try {
      await writeFile(join(reqDir, request), xml);
      const [deferred] = await folder.processOnce();
      expect(deferred).toMatchObject({ file: request, status: "deferred" });
      expect(await filesIn(reqDir)).toContain(request);
      expect(await filesIn(station.res.path)).not.toContain(answer);
    } finally {
      await startService();
    }

    // The journal brought back the counts and the consent.
    expect(await world.client.usage()).toEqual(usage);
    expect((await world.client.getQualification(qualificationId)).consent).toEqual(consent);

    const [done] = await folder.processOnce();
    expect(done).toMatchObject({ file: request, status: "answered" });
    if (done?.status !== "answered") throw new Error("unreachable");
    expect(basename(done.resultFile)).toBe(answer);
    expect(await filesIn(join(reqDir, "done"))).toEqual([request]);
    expect(await filesIn(reqDir)).not.toContain(request);
    const doc = await readOqs(done.resultFile);
    expect(doc.MessageHeader).toMatchObject({ ReferenceClassification: "2", SegmentOfResult: "1", ArbitraryFileIdentifier: "E2E0001" });
    expect(doc.MessageBody).toMatchObject({ ProcessingResultStatus: "1", QualificationValidity: "1" });
    expect(doc.MessageBody.ResultList.ResultOfQualificationConfirmation.InsurerNumber).toBe(insured.insurerNumber);
    const after = await world.client.usage();
    expect(after.insuranceDataQueries - usage.insuranceDataQueries).toBe(1);
    expect(after.myNumberUses).toBe(usage.myNumberUses);
  });
});

describe("the receipt-claim order when the eligibility is unclear", () => {
  /** The insurer number a 資格（無効） answer shows, from the result file the receipt computer reads. */
  async function invalidScreenNumber(personaId: string): Promise<string | undefined> {
    const { result, resultFile } = answered(await runVisit(station, world.sockets, { device: "card", card: await linkedCard(world, personaId), method: "pin", consents: CONSENT }));
    const doc = await readOqs(resultFile);
    expect(doc.MessageBody.QualificationValidity).toBe(result.qualificationValidity);
    return doc.MessageBody.ResultList?.ResultOfQualificationConfirmation?.InsurerNumber as string | undefined;
  }

  it("(1) the number from the interview first; (2) else the past number of the 資格（無効） answer", async () => {
    for (const personaId of ["P0013", "P0020"]) {
      const past = await invalidScreenNumber(personaId);
      expect(past, personaId).toMatch(/^(\d{6}|\d{8})$/);
      expect(receiptInsuredNumber({ fromInterview: "06139998", fromInvalidScreen: past })).toEqual({ source: 1, insurerNumber: "06139998" });
      expect(receiptInsuredNumber({ fromInvalidScreen: past })).toEqual({ source: 2, insurerNumber: past });
    }
  });

  it("(3) no eligibility on record (validity 4): the 不詳 claim, insurer number all 7s to the field's width, address and contact in the remarks", async () => {
    const past = await invalidScreenNumber("P0023");
    expect(past).toBeUndefined();
    const persona = (await world.cards.card("P0023")).persona;
    const claim = receiptInsuredNumber({ fromInvalidScreen: past, address: persona.address, contact: "090-0000-0000" });
    expect(claim).toMatchObject({ source: 3, insurerNumber: "77777777" });
    expect(claim.remarks).toContain(persona.address);
    expect(claim.remarks).toContain("090-0000-0000");
    expect(receiptInsuredNumber({ fieldWidth: 6 }).insurerNumber).toBe("777777");
  });
});
