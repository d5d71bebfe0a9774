import { generateKeyPairSync } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { SERVICE_FILES } from "../../sim/onshi/service-files.ts";
import type { UsageCounts } from "../../sim/onshi/usage-counts.ts";
import type { Challenge } from "../../sim/onshi/onshi-client.ts";
import type { IdentityProof } from "../../sim/contract/identity-proof.ts";
import { CLINIC, PHARMACY, deviceProof, issueDevice, mswOnshi, readerProof } from "./support/onshi-fixture.ts";
import type { TestDevice } from "./support/onshi-fixture.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "onshi-durable-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const consent = { specificHealthCheckInfo: true, pharmacistsInfo: false, diagnosisInfo: true, operationInfo: false, limitApplicationCertificateRelatedConsFlg: false };

describe("durability: what the service accepted survives a restart", () => {
  let phone: TestDevice;
  let card: TestDevice;
  let reader: ReturnType<typeof generateKeyPairSync>;
  let usedProof: IdentityProof;
  let pendingChallenge: Challenge;
  let qualificationId: string;
  let usageBefore: UsageCounts;
  let pharmacyUsageBefore: UsageCounts;

  it("accepts links, readers, qualifications, consent, queries and an opt-out, then closes", async () => {
    const a = await mswOnshi({ dataDir: dir, sync: "fsync", links: new CertificateLinks() });
    try {
      // Devices issued elsewhere: their links reach the service through the (journaled) J-LIS feed.
      const elsewhere = new CertificateLinks();
      phone = await issueDevice(elsewhere, "P0002", "android");
      card = await issueDevice(elsewhere, "P0001", "card");
      await a.service.registerLink(phone.certificate.serialNumber, "P0002", "android");
      await a.service.registerLink(card.certificate.serialNumber, "P0001", "card");
      reader = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const clinic = a.client(CLINIC);
      await clinic.registerReader("facr-1", reader.publicKey);

      usedProof = deviceProof(phone, await clinic.requestChallenge());
      const first = await clinic.qualify(usedProof);
      expect(first.qualificationValidity).toBe("1");
      qualificationId = first.qualificationId ?? "";
      await clinic.recordConsent(qualificationId, consent);
      // Many at once: group commit must not lose any.
      const many = await Promise.all(Array.from({ length: 40 }, async () => clinic.qualify(deviceProof(phone, await clinic.requestChallenge()))));
      expect(many.every((r) => r.processingResultStatus === "1")).toBe(true);
      const own = first.insured;
      await clinic.queryInsurance({ insurerNumber: own?.insurerNumber ?? "", insuredCardSymbol: own?.insuredCardSymbol ?? "", insuredIdentificationNumber: own?.insuredIdentificationNumber ?? "", birthdate: own?.birthdate ?? "" });
      pendingChallenge = await clinic.requestChallenge();

      const pharmacy = a.client(PHARMACY);
      await pharmacy.qualify(deviceProof(phone, await pharmacy.requestChallenge()));
      await pharmacy.optOut();

      usageBefore = await clinic.usage();
      pharmacyUsageBefore = await pharmacy.usage();
      expect(usageBefore).toMatchObject({ onlineQualifications: 42, androidUses: 41, insuranceDataQueries: 1 });
      expect(a.service.journalStats?.commits).toBeLessThan(a.service.journalStats?.appends ?? 0);
    } finally {
      await a.close();
    }
  });

  it("replays it all on re-open: counts, the qualification and its consent, used challenges, the list, readers, links", async () => {
    const b = await mswOnshi({ dataDir: dir, sync: "fsync", links: new CertificateLinks() });
    try {
      const clinic = b.client(CLINIC);
      expect(await clinic.usage()).toEqual(usageBefore);
      expect(await b.client(PHARMACY).usage()).toEqual(pharmacyUsageBefore);
      expect((await clinic.getQualification(qualificationId)).consent).toMatchObject(consent);
      expect((await clinic.qualify(usedProof)).processingResultCode).toBe("challenge-replayed");
      // A challenge issued before the restart is still good after it (the key is kept), once.
      const late = await clinic.qualify(deviceProof(phone, pendingChallenge));
      expect(late).toMatchObject({ processingResultStatus: "1", qualificationValidity: "1", insured: { name: "佐藤\u3000花子" } });
      expect((await clinic.phoneConfirmedFacilities()).map((f) => f.medicalInstitutionCode)).toEqual([CLINIC.medicalInstitutionCode]);
      const face = await clinic.qualify(readerProof(card, await clinic.requestChallenge(), "facr-1", reader.privateKey));
      expect(face).toMatchObject({ processingResultStatus: "1", insured: { name: "山田\u3000太郎" } });
      usageBefore = await clinic.usage();
    } finally {
      await b.close();
    }
  });

  it("tolerates a torn last line (a crash mid-write): warns, keeps everything before it", async () => {
    const journal = path.join(dir, SERVICE_FILES.journal);
    await appendFile(journal, '{"type":"consent","at":17');
    const warnings: string[] = [];
    const c = await mswOnshi({ dataDir: dir, links: new CertificateLinks(), onWarning: (m) => warnings.push(m) });
    try {
      expect(warnings).toEqual([expect.stringContaining("torn last line")]);
      expect(await c.client().usage()).toEqual(usageBefore);
      expect((await readFile(journal, "utf8")).endsWith("\n")).toBe(true);
    } finally {
      await c.close();
    }
  });

  it("keeps the secrets out of the journal", async () => {
    const text = await readFile(path.join(dir, SERVICE_FILES.journal), "utf8");
    expect(text).not.toContain(CLINIC.secret);
    expect(text).not.toContain(PHARMACY.secret);
  });
});
