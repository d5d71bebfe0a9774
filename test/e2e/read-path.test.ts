import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AndroidPhoneToken, IPhoneToken } from "../../sim/phones/index.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import { READER_MODELS } from "../../sim/readers/face-auth/index.ts";
import type { CounterStation } from "../../sim/station/counter-station.ts";
import { runVisit, type VisitOutcome, type VisitPlan } from "../../scenarios/clinic/patient-visit.ts";
import type { UsageCounts } from "../../sim/onshi/usage-counts.ts";
import { counter, linkedCard, linkedPhone, openWorld, type World } from "./counter-fixture.ts";

const xml = new XMLParser({ parseTagValue: false, processEntities: false });
const CONSENT: ConsentAnswers = { drug: true, healthCheck: false, clinical: true, surgery: false, costCap: false, prescription: "electronic" };

let world: World;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(async () => {
  await world?.close();
});

async function resultXml(outcome: VisitOutcome) {
  if (outcome.kind === "reader-stopped") throw new Error(`reader stopped on ${outcome.state}: ${outcome.title}`);
  expect(basename(outcome.resultFile)).toMatch(/^OQSsiquc01res_face_\d{17}_\d{6}\.xml$/);
  return xml.parse(await readFile(outcome.resultFile, "utf8")).XmlMsg;
}

describe.each(READER_MODELS.map((m) => [m.model, m] as const))("end to end on %s, over sockets", (_name, profile) => {
  let station: CounterStation;
  beforeAll(async () => {
    station = await counter(world, profile, profile.id);
  });
  afterAll(async () => {
    await station?.close();
  });

  it.each([
    ["card (face match)", "P0001", "card"],
    ["iPhone (Face ID)", "P0002", "iphone"],
    ["Android (PIN on the reader)", "P0004", "android"],
  ] as const)("%s: qualified, result file with the codes, consent recorded, usage counted once", async (_label, personaId, kind) => {
    const before = await world.client.usage();
    let plan: VisitPlan;
    if (kind === "card") plan = { device: "card", card: await linkedCard(world, personaId), method: "face", consents: CONSENT };
    else if (kind === "iphone") plan = { device: "iphone", phone: await phoneFor<IPhoneToken>("iphone", personaId), biometricFirst: true, consents: CONSENT };
    else plan = { device: "android", phone: await phoneFor<AndroidPhoneToken>("android", personaId), pin: "1234", consents: CONSENT };
    const outcome = await runVisit(station, world.sockets, plan);
    expect(outcome.kind).toBe("answered");
    const doc = await resultXml(outcome);
    expect(doc.MessageHeader.MedicalInstitutionCode).toBe(world.facility.medicalInstitutionCode);
    expect(doc.MessageHeader.ReferenceClassification).toBe("1");
    expect(doc.MessageHeader.SegmentOfResult).toBe("1");
    expect(doc.MessageBody.ProcessingResultStatus).toBe("1");
    expect(doc.MessageBody.QualificationValidity).toBe("1");
    expect(doc.MessageBody.PrescriptionIssueSelect).toBe("1");
    const r = doc.MessageBody.ResultList.ResultOfQualificationConfirmation;
    const persona = (await world.cards.card(personaId)).persona;
    // OQS files separate family and given names with a full-width space.
    expect(r.Name).toBe(persona.name.replace(" ", "\u3000"));
    expect(r.Birthdate).toBe(persona.birthDate.replaceAll("-", ""));
    expect([r.PharmacistsInfoConsFlg, r.SpecificHealthCheckupsInfoConsFlg, r.DiagnosisInfoConsFlg, r.OperationInfoConsFlg]).toEqual(["1", "0", "1", "0"]);
    // Consent is recorded at the service, with its time.
    if (outcome.kind !== "answered") throw new Error("unreachable");
    const stored = await world.client.getQualification(outcome.result.qualificationId as string);
    expect(stored.consent).toMatchObject({ pharmacistsInfo: true, specificHealthCheckInfo: false, diagnosisInfo: true });
    expect(Date.parse(stored.consent?.consentTime ?? "")).not.toBeNaN();
    const after = await world.client.usage();
    expect(total(after) - total(before)).toBe(1);
    if (kind !== "card") expect(phoneUses(after) - phoneUses(before)).toBe(1);
    else expect(phoneUses(after)).toBe(phoneUses(before));
  });

  it("a revoked certificate (P0008): the reader lets it through, the service refuses, nothing is counted", async () => {
    const before = await world.client.usage();
    const outcome = await runVisit(station, world.sockets, { device: "card", card: await linkedCard(world, "P0008"), method: "pin", consents: CONSENT });
    expect(outcome.kind).toBe("refused");
    const doc = await resultXml(outcome);
    expect(doc.MessageBody.ProcessingResultStatus).toBe("2");
    expect(total(await world.client.usage())).toBe(total(before));
  });
});

const phonesMade = new Map<string, unknown>();
async function phoneFor<T>(kind: "iphone" | "android", personaId: string): Promise<T> {
  const key = `${kind}:${personaId}`;
  if (!phonesMade.has(key)) phonesMade.set(key, await linkedPhone(world, kind, personaId));
  return phonesMade.get(key) as T;
}

function total(u: UsageCounts): number {
  return u.myNumberUses;
}
function phoneUses(u: UsageCounts): number {
  return u.phoneUses;
}
