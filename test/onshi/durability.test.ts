import { generateKeyPairSync } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { SERVICE_FILES } from "../../sim/onshi/service-files.ts";
import type { UsageCounts } from "../../sim/onshi/usage-counts.ts";
import type { Challenge } from "../../sim/onshi/onshi-client.ts";
import type { IdentityProof } from "../../sim/contract/identity-proof.ts";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { CLINIC, PHARMACY, deviceProof, issueDevice, mswOnshi, readerProof } from "./support/onshi-fixture.ts";
import { spawnFixtureChild, startFixtureChild } from "./support/serve-child.ts";
import type { ServeChild } from "./support/serve-child.ts";
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

describe("durability: replay is idempotent", () => {
  it("counts a duplicated last journal line once (usage stays what was acknowledged)", async () => {
    const data = path.join(dir, "duplicated-last-line");
    await mkdir(data, { recursive: true });
    const query = { insurerNumber: "33120015", insuredIdentificationNumber: "1", birthdate: "19800401" };
    const a = await mswOnshi({ dataDir: data, links: new CertificateLinks() });
    try {
      for (let i = 0; i < 3; i++) await a.client().queryInsurance(query);
    } finally {
      await a.close();
    }
    const journal = path.join(data, SERVICE_FILES.journal);
    const lines = (await readFile(journal, "utf8")).trim().split("\n");
    await appendFile(journal, `${lines.at(-1) ?? ""}\n`);
    const warnings: string[] = [];
    const b = await mswOnshi({ dataDir: data, links: new CertificateLinks(), onWarning: (m) => warnings.push(m) });
    try {
      expect((await b.client().usage()).onlineQualifications).toBe(3);
      expect(warnings).toEqual([expect.stringContaining("repeats entry")]);
    } finally {
      await b.close();
    }
  });
});

/** The `arbitraryFileIdentifier` of every qualification line of a journal, in order (duplicates kept). */
async function journaledTags(data: string): Promise<string[]> {
  const text = await readFile(path.join(data, SERVICE_FILES.journal), "utf8").catch(() => "");
  const tags: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const event = JSON.parse(line) as { type: string; qualification?: { result?: { arbitraryFileIdentifier?: string } } };
    const tag = event.type === "qualified" ? event.qualification?.result?.arbitraryFileIdentifier : undefined;
    if (tag !== undefined) tags.push(tag);
  }
  return tags;
}

/**
 * Drives insurance-data queries (each a counted qualification, tagged with a unique ArbitraryFileIdentifier) from
 * `workers` concurrent loops against a `serve onshi` child, and SIGKILLs the child once `killAfter` have been
 * acknowledged (HTTP 200). Each loop ends at its first failure or after `perWorker` requests. Returns the tags that
 * were acknowledged and those in doubt (sent, no answer: the kill may have come before or after they were durable).
 */
async function loadAndKill(server: ServeChild, round: number, options: { workers: number; perWorker: number; killAfter: number }): Promise<{ acked: string[]; inDoubt: string[] }> {
  const client = new OnshiClient({ baseUrl: server.banner.url, medicalInstitutionCode: server.banner.code, secret: server.banner.secret });
  const acked: string[] = [];
  const inDoubt: string[] = [];
  const query = { insurerNumber: "33120015", insuredIdentificationNumber: "1", birthdate: "19800401" };
  const worker = async (w: number): Promise<void> => {
    for (let n = 0; n < options.perWorker; n++) {
      const tag = `r${round}w${w}n${n}`;
      try {
        const result = await client.queryInsurance(query, { arbitraryFileIdentifier: tag });
        expect(result.arbitraryFileIdentifier).toBe(tag);
        acked.push(tag);
        if (acked.length === options.killAfter) server.child.kill("SIGKILL");
      } catch {
        inDoubt.push(tag);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  server.child.kill("SIGKILL");
  await server.exited;
  return { acked, inDoubt };
}

describe("durability: kill -9 mid-load (the service in a child process, loopback only)", () => {
  it("keeps every acknowledged qualification and counts none twice, over three kills and restarts", async () => {
    const data = path.join(dir, "kill-9");
    const acked = new Set<string>();
    const inDoubt = new Set<string>();
    let server = await startFixtureChild(data);
    let next: ReturnType<typeof spawnFixtureChild> | undefined;
    try {
      for (let round = 1; round <= 3; round++) {
        // The next instance loads its modules meanwhile; it opens the data directory only once this one is dead.
        next = spawnFixtureChild(data);
        const load = await loadAndKill(server, round, { workers: 8, perWorker: 40, killAfter: 10 + 7 * round });
        expect(load.acked.length).toBeGreaterThanOrEqual(10 + 7 * round);
        expect(load.inDoubt.length).toBeGreaterThan(0);
        for (const tag of load.acked) acked.add(tag);
        for (const tag of load.inDoubt) inDoubt.add(tag);

        server = await next.start();
        next = undefined;
        const tags = await journaledTags(data);
        const client = new OnshiClient({ baseUrl: server.banner.url, medicalInstitutionCode: server.banner.code, secret: server.banner.secret });
        const usage = await client.usage();
        // Every acknowledged qualification is there; nothing is journaled twice or counted twice; nothing unknown appears.
        expect([...acked].filter((tag) => !tags.includes(tag))).toEqual([]);
        expect(new Set(tags).size).toBe(tags.length);
        expect(tags.filter((tag) => !acked.has(tag) && !inDoubt.has(tag))).toEqual([]);
        expect(usage.onlineQualifications).toBe(tags.length);
        expect(usage.onlineQualifications).toBeGreaterThanOrEqual(acked.size);
        expect(usage.onlineQualifications).toBeLessThanOrEqual(acked.size + inDoubt.size);
      }
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
      next?.kill();
    }
  }, 30_000);
});
