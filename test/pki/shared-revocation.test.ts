import { appendFile, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueMyNumberCard } from "../../sim/cards/card-issuer.ts";
import { findPersona } from "../../sim/personas/index.ts";
import { CATALOGUE_REVOKED_PERSONAS, forgetRememberedCertificates, JpkiAuthority, KeyStore, personaCardSerialNumber, REVOCATION_RETENTION_MS, RevocationLog, verifyCertificate } from "../../sim/pki/index.ts";
import { holder, validity } from "./persona.ts";
import { temporaryKeyStore } from "./temporary-key-store.ts";

const DAY = 86_400_000;
const REFERENCE = new Date("2026-03-01T09:00:00Z");

let keyStore: KeyStore;
let directory: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ keyStore, directory, remove } = await temporaryKeyStore());
});
afterAll(() => remove());

describe("persona card certificates are the same in every process (deterministic serials)", () => {
  it("two authorities with nothing in common but the key cache issue the same card certificate for the same reference date", async () => {
    // The process-wide certificate memo forgotten in between: b builds its certificates, as another process would.
    forgetRememberedCertificates();
    const a = await JpkiAuthority.create({ keyStore });
    const persona = findPersona("P0002");
    const cardA = await issueMyNumberCard(persona, { authority: a, keyStore, now: REFERENCE });
    forgetRememberedCertificates();
    const b = await JpkiAuthority.create({ keyStore });
    const cardB = await issueMyNumberCard(persona, { authority: b, keyStore, now: REFERENCE });
    expect(cardB.authCertificate).not.toBe(cardA.authCertificate);
    expect(cardB.authCertificate.serialNumber).toBe(cardA.authCertificate.serialNumber);
    expect(Buffer.from(cardB.authCertificate.der).equals(Buffer.from(cardA.authCertificate.der))).toBe(true);
    expect(cardA.authCertificate.serialNumber).toBe(personaCardSerialNumber("JPKI", "auth", "P0002", cardA.authCertificate));
    // The same request again in one authority gets the same certificate, not a reused-serial refusal.
    const again = await issueMyNumberCard(persona, { authority: a, keyStore, now: REFERENCE });
    expect(again.authCertificate.serialNumber).toBe(cardA.authCertificate.serialNumber);
    const later = await issueMyNumberCard(persona, { authority: a, keyStore, now: new Date(REFERENCE.getTime() + DAY) });
    expect(later.authCertificate.serialNumber).not.toBe(cardA.authCertificate.serialNumber);
  });

  it("a revoked persona's card (P0008) is revoked in an authority that never issued it, from its notBefore, both kinds", async () => {
    expect(CATALOGUE_REVOKED_PERSONAS).toContain("P0008");
    const issuing = await JpkiAuthority.create({ keyStore });
    const card = await issueMyNumberCard(findPersona("P0008"), { authority: issuing, keyStore, now: REFERENCE });
    const elsewhere = await JpkiAuthority.create({ keyStore, revocationLog: null });
    for (const [kind, certificate] of [["auth", card.authCertificate], ["sign", card.signCertificate]] as const) {
      if (certificate === undefined) throw new Error("P0008 holds a signing certificate");
      expect(issuing.revocation(kind, certificate.serialNumber)).toEqual({ date: certificate.notBefore, reason: "unspecified" });
      expect(elsewhere.isRevoked(kind, certificate.serialNumber)).toBe(false); // the serial alone says nothing …
      expect(elsewhere.revocation(kind, certificate.serialNumber, certificate)).toEqual({ date: certificate.notBefore, reason: "unspecified" }); // … the certificate does
      expect(await verifyCertificate(elsewhere, kind, certificate.der, { at: REFERENCE })).toEqual({ ok: false, reason: "revoked" });
    }
    const valid = await issueMyNumberCard(findPersona("P0001"), { authority: issuing, keyStore, now: REFERENCE });
    expect(await verifyCertificate(elsewhere, "auth", valid.authCertificate.der, { at: REFERENCE })).toMatchObject({ ok: true });
  });

  it("a persona of the caller's own in the revoked state keeps random serials, revoked in its process only", async () => {
    const authority = await JpkiAuthority.create({ keyStore });
    const custom = { ...findPersona("P0001"), certificateStatus: "revoked" as const };
    const card = await issueMyNumberCard(custom, { authority, keyStore, now: REFERENCE });
    expect(authority.isRevoked("auth", card.authCertificate.serialNumber)).toBe(true);
    expect(card.authCertificate.serialNumber).not.toBe(personaCardSerialNumber("JPKI", "auth", "P0001", card.authCertificate));
  });
});

describe("the shared revocation log (revocations.jsonl next to the key cache)", () => {
  it("a published revocation is seen by an authority of another process, read when the file grows", async () => {
    const a = await JpkiAuthority.create({ keyStore });
    const { publicKey } = await keyStore.keyPair("persona:P0002:auth");
    const certificate = await a.issue({ kind: "auth", publicKey, holder, ...validity });
    const file = path.join(directory, "revocations.jsonl");
    expect(a.revocationLog?.file).toBe(file);
    a.revoke("auth", certificate.serialNumber, { date: REFERENCE, reason: "superseded", publish: true });
    const line = JSON.parse((await readFile(file, "utf8")).trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
    expect(line).toEqual({ authority: "JPKI", kind: "auth", serialNumber: certificate.serialNumber, date: REFERENCE.toISOString(), reason: "superseded", notAfter: certificate.notAfter.toISOString() });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // Another process: a log instance of its own on the same file, no memory shared.
    const other = new (RevocationLog as unknown as { new (file: string): RevocationLog })(file);
    expect(other.lookup("JPKI", "auth", certificate.serialNumber)).toMatchObject({ reason: "superseded", date: REFERENCE });
    expect(other.lookup("OTHER", "auth", certificate.serialNumber)).toBeUndefined();
    expect(other.lookup("JPKI", "sign", certificate.serialNumber)).toBeUndefined();

    // What another process appends later is picked up; a torn last line waits; a foreign line is skipped.
    const later = await a.issue({ kind: "auth", publicKey, holder, ...validity });
    const entry = { authority: "JPKI", kind: "auth", serialNumber: later.serialNumber, date: REFERENCE.toISOString(), reason: "keyCompromise", notAfter: later.notAfter.toISOString() };
    const text = JSON.stringify(entry);
    await appendFile(file, "not json\n" + text.slice(0, 20));
    expect(a.isRevoked("auth", later.serialNumber)).toBe(false);
    await appendFile(file, `${text.slice(20)}\n`);
    expect(a.revocation("auth", later.serialNumber)).toEqual({ date: REFERENCE, reason: "keyCompromise" });
    expect(await verifyCertificate(a, "auth", later.der, { at: REFERENCE })).toEqual({ ok: false, reason: "revoked" });
  });

  it("publishing without a log, or for a foreign serial without its notAfter, throws; unpublished revocations stay in the process", async () => {
    const memoryOnly = await JpkiAuthority.create({ keyStore: new KeyStore({ directory: null }) });
    expect(memoryOnly.revocationLog).toBeUndefined();
    expect(() => memoryOnly.revoke("auth", "4a", { publish: true })).toThrow(/no shared revocation log/);
    const a = await JpkiAuthority.create({ keyStore });
    expect(() => a.revoke("auth", "4b", { publish: true })).toThrow(/notAfter/);
    a.revoke("auth", "4c");
    const other = new (RevocationLog as unknown as { new (file: string): RevocationLog })(path.join(directory, "revocations.jsonl"));
    expect(other.lookup("JPKI", "auth", "4c")).toBeUndefined();
  });

  it("drops entries past their retention, rewriting the file once they outnumber the live ones", async () => {
    const { directory: own, remove: removeOwn } = await temporaryKeyStore();
    try {
      const file = path.join(own, "revocations.jsonl");
      const old = new Date(Date.now() - REVOCATION_RETENTION_MS - DAY).toISOString();
      const live = new Date(Date.now() + DAY).toISOString();
      const line = (serial: number, notAfter: string) => `${JSON.stringify({ authority: "JPKI", kind: "auth", serialNumber: serial.toString(16).padStart(2, "0"), date: REFERENCE.toISOString(), reason: "superseded", notAfter })}\n`;
      await writeFile(file, Array.from({ length: 70 }, (_, i) => line(0x40 + i, old)).join("") + line(0x10, live));
      const log = RevocationLog.at(file);
      expect(log.lookup("JPKI", "auth", "10")).toBeDefined();
      expect(log.lookup("JPKI", "auth", "40")).toBeUndefined();
      const rest = (await readFile(file, "utf8")).trim().split("\n");
      expect(rest).toHaveLength(1);
      expect(log.lookup("JPKI", "auth", "10")).toBeDefined(); // read again from the rewritten file
      expect(log.list("JPKI", "auth").map((e) => e.serialNumber)).toEqual(["10"]);
    } finally {
      await removeOwn();
    }
  });

  it("the CRL lists the shared log's revocations with this process's", async () => {
    const a = await JpkiAuthority.create({ keyStore });
    const { x509 } = await import("../../sim/pki/x509.ts");
    const crl = new x509.X509Crl(await a.crl("auth", REFERENCE));
    const listed = crl.entries.map((e) => e.serialNumber.toLowerCase().replace(/^0+/, ""));
    const shared = a.revocationLog?.list("JPKI", "auth").map((e) => e.serialNumber) ?? [];
    expect(shared.length).toBeGreaterThan(0);
    for (const serial of shared) expect(listed).toContain(serial);
  });
});
