import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLINIC, PHARMACY, deviceProof, issueDevice, mswOnshi, DAY } from "./support/onshi-fixture.ts";
import type { MswOnshi } from "./support/onshi-fixture.ts";

let onshi: MswOnshi;
beforeEach(async () => {
  onshi = await mswOnshi();
});
afterEach(() => onshi.close());

describe("usage counts (only successful online qualifications count)", () => {
  it("moves on success only: a refused read, an expired phone or a replay counts nothing", async () => {
    const client = onshi.client();
    const card = await issueDevice(onshi.links, "P0001", "card");
    const iphone = await issueDevice(onshi.links, "P0002", "iphone");
    const expired = await issueDevice(onshi.links, "P0004", "android", { notBefore: new Date(Date.now() - 700 * DAY), notAfter: new Date(Date.now() - DAY) });

    const refusedProof = { ...deviceProof(card, await client.requestChallenge()), deviceSignature: randomBytes(256) };
    expect((await client.qualify(refusedProof)).processingResultStatus).toBe("2");
    expect((await client.qualify(deviceProof(expired, await client.requestChallenge()))).processingResultStatus).toBe("2");
    expect(await client.usage()).toMatchObject({ onlineQualifications: 0, myNumberUses: 0, phoneUses: 0 });

    const cardProof = deviceProof(card, await client.requestChallenge());
    expect((await client.qualify(cardProof)).processingResultStatus).toBe("1");
    expect((await client.qualify(cardProof)).processingResultCode).toBe("challenge-replayed");
    expect((await client.qualify(deviceProof(iphone, await client.requestChallenge()))).processingResultStatus).toBe("1");
    const p = (await client.getQualification((await client.qualify(deviceProof(iphone, await client.requestChallenge()))).qualificationId ?? "")).insured;
    expect(p?.insurerNumber).toMatch(/^\d{8}$/);
    await client.queryInsurance({ insurerNumber: p?.insurerNumber ?? "", insuredCardSymbol: p?.insuredCardSymbol ?? "", insuredIdentificationNumber: p?.insuredIdentificationNumber ?? "", birthdate: p?.birthdate ?? "" });

    expect(await client.usage()).toEqual({ onlineQualifications: 4, myNumberUses: 3, cardUses: 1, phoneUses: 2, iphoneUses: 2, androidUses: 0, insuranceDataQueries: 1 });
    expect((await onshi.client(PHARMACY).usage()).onlineQualifications).toBe(0);
    expect(onshi.service.allUsage().total.myNumberUses).toBe(3);
  });
});

describe("the public list of facilities where phone reads are confirmed", () => {
  it("lists a facility after its first successful phone read (not after a card read or a refused phone read)", async () => {
    const client = onshi.client();
    const list = async () => (await onshi.fetch("/facilities/phone-confirmed", { facility: null }).then((r) => r.json() as Promise<{ facilities: { medicalInstitutionCode: string }[] }>)).facilities.map((f) => f.medicalInstitutionCode);
    const card = await issueDevice(onshi.links, "P0001", "card");
    const android = await issueDevice(onshi.links, "P0002", "android");
    await client.qualify(deviceProof(card, await client.requestChallenge()));
    await client.qualify({ ...deviceProof(android, await client.requestChallenge()), deviceSignature: randomBytes(256) });
    expect(await list()).toEqual([]);
    const before = Date.now();
    await client.qualify(deviceProof(android, await client.requestChallenge()));
    expect(await list()).toEqual([CLINIC.medicalInstitutionCode]);
    const [entry] = await client.phoneConfirmedFacilities();
    expect(entry).toMatchObject({ name: CLINIC.name });
    expect(Date.parse(entry?.confirmedAt ?? "")).toBeGreaterThanOrEqual(before - 1000);
    // The pharmacy joins after its own first phone read.
    const pharmacy = onshi.client(PHARMACY);
    await pharmacy.qualify(deviceProof(android, await pharmacy.requestChallenge()));
    expect(await list()).toEqual([CLINIC.medicalInstitutionCode, PHARMACY.medicalInstitutionCode]);
  });

  it("removes a facility that opts out (the call-centre action), for good", async () => {
    const client = onshi.client();
    const iphone = await issueDevice(onshi.links, "P0002", "iphone");
    await client.qualify(deviceProof(iphone, await client.requestChallenge()));
    expect(await client.phoneConfirmedFacilities()).toHaveLength(1);
    await client.optOut();
    expect(await client.phoneConfirmedFacilities()).toEqual([]);
    await client.qualify(deviceProof(iphone, await client.requestChallenge()));
    expect(await client.phoneConfirmedFacilities()).toEqual([]);
    await client.optOut(); // idempotent
  });
});
