import { spawn } from "node:child_process";
import { sign } from "node:crypto";
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import type { DeviceKind, IdentityProof } from "../../sim/contract/identity-proof.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import { JpkiFile } from "../../sim/jpki/jpki-file.ts";
import { linkBuiltInCards } from "../../sim/onshi/built-in-card-links.ts";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import type { RunningOnshiServer } from "../../sim/onshi/onshi-server.ts";
import { startOnshiServer } from "../../sim/onshi/onshi-server.ts";
import { AndroidPhoneToken, phoneModel, PhoneRegistry, type PhoneToken } from "../../sim/phones/index.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { parseBanner, type ServeBanner, until } from "./support/serve-child.ts";

/**
 * The reliability finding "revocation is per process": a card or phone made in one process (the attach side: this test
 * process, with a fresh CardRegistry, authority and PhoneRegistry, nothing in memory shared with the service) and
 * checked by `myna-hil serve onshi` in another must get the verdict an in-process service gives. Both processes use
 * one temporary key cache (MYNA_HIL_KEY_CACHE), seeded from the shared one so no RSA key is generated.
 */

const BIN = fileURLToPath(new URL("../../bin/myna-hil.mjs", import.meta.url));

let dir: string;
let keyStore: KeyStore;
let cards: CardRegistry;
let phones: PhoneRegistry;
let inProcess: RunningOnshiServer;
let child: ReturnType<typeof spawn> | undefined;
let banner: ServeBanner;

/** Copies the cached CA and persona keys of the shared cache into `directory` (a cold cache would generate them). */
async function seedKeyCache(directory: string): Promise<void> {
  const shared = KeyStore.shared().directory;
  if (shared === null) return;
  const names = await readdir(shared).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => /^(ca_|persona_|phone_P00(02|13)_)/.test(n) && n.endsWith(".pem")).map((n) => copyFile(path.join(shared, n), path.join(directory, n))));
}

/** `myna-hil serve onshi` in its own process on the temporary key cache. */
async function startService(keys: string, data: string): Promise<ServeBanner> {
  const process_ = spawn(process.execPath, [BIN, "serve", "onshi", "--port", "0", "--host", "127.0.0.1", "--data", data], {
    stdio: "pipe",
    env: { ...process.env, MYNA_HIL_KEY_CACHE: keys },
  });
  child = process_;
  let out = "";
  let err = "";
  let ended = false;
  process_.stdout?.on("data", (chunk: Buffer) => void (out += chunk.toString()));
  process_.stderr?.on("data", (chunk: Buffer) => void (err += chunk.toString()));
  process_.once("exit", () => void (ended = true));
  return until(() => {
    if (ended) throw new Error(`serve onshi exited before it was ready: ${err}`);
    return parseBanner(out);
  }, 60_000);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "myna-hil-xproc-"));
  const keys = path.join(dir, "keys");
  await rm(keys, { recursive: true, force: true });
  await import("node:fs/promises").then((fs) => fs.mkdir(keys, { recursive: true }));
  await seedKeyCache(keys);
  keyStore = new KeyStore({ directory: keys });
  cards = new CardRegistry({ keyStore });
  const authority = await cards.authority();
  phones = new PhoneRegistry({ authority, keyStore, publishRevocations: true });
  // The in-process reference: a service sharing this process's authority, as `myna-hil run` has it.
  const links = new CertificateLinks();
  await linkBuiltInCards(links, keyStore);
  inProcess = await startOnshiServer({ authority, links });
  banner = await startService(keys, path.join(dir, "data"));
}, 120_000);

afterAll(async () => {
  child?.kill("SIGTERM");
  await inProcess?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A facility client of the other process's service. */
function otherProcess(): OnshiClient {
  return new OnshiClient({ baseUrl: banner.url, medicalInstitutionCode: banner.code, secret: banner.secret });
}

/** A facility client of the in-process service. */
function sameProcess(): OnshiClient {
  const facility = inProcess.facilities[0];
  if (facility === undefined) throw new Error("no facility");
  return new OnshiClient({ baseUrl: inProcess.url, medicalInstitutionCode: facility.medicalInstitutionCode, secret: facility.secret });
}

/** Reads the persona's card with real APDUs and has it sign a fresh challenge of `client`'s service (PIN 1234). */
async function cardProof(personaId: string, client: OnshiClient): Promise<IdentityProof> {
  const card = await cards.card(personaId);
  const jpki = new JpkiClient(new InProcessTransceiver(card));
  await jpki.selectApplication();
  const certificate = await jpki.readAuthCertificate();
  expect(await jpki.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
  const challenge = await client.requestChallenge();
  const deviceSignature = await jpki.signWithAuthKey(challenge.challenge);
  return { deviceKind: "card", method: "pin", certificate, challengeId: challenge.challengeId, challenge: challenge.challenge, deviceSignature };
}

/** The verdict fields both services must agree on. */
function verdict(result: { processingResultStatus?: string; processingResultCode?: string; qualificationValidity?: string; certificateInGrace?: boolean }) {
  return {
    status: result.processingResultStatus,
    code: result.processingResultCode,
    validity: result.qualificationValidity,
    inGrace: result.certificateInGrace,
  };
}

describe("a card attached in one process gets the same certificate verdict from a service in another", () => {
  it.each([
    ["P0001", "valid", { status: "1" }],
    ["P0008", "revoked", { status: "2", code: "certificate-revoked" }],
    ["P0007", "expired beyond the grace", { status: "2", code: "certificate-expired" }],
    ["P0006", "expired, in the card's grace", { status: "1", inGrace: true }],
  ])("%s (%s)", async (personaId, _state, expected) => {
    const here = verdict(await sameProcess().qualify(await cardProof(personaId, sameProcess())));
    const there = verdict(await otherProcess().qualify(await cardProof(personaId, otherProcess())));
    expect(here).toMatchObject(expected);
    expect(there).toEqual(here);
  });
});

/** A proof signed with the phone's auth key (from the shared key cache), for a phone that may no longer answer. */
async function phoneProof(phone: PhoneToken, personaId: string, generation: number, deviceKind: DeviceKind, client: OnshiClient): Promise<IdentityProof> {
  const certificates = phone.certificates;
  if (certificates === undefined) throw new Error(`${phone.id} holds no certificates`);
  const { privateKey } = await keyStore.keyPair(`phone:${personaId}:${generation}:auth`);
  const challenge = await client.requestChallenge();
  return {
    deviceKind,
    method: "pin",
    certificate: certificates.auth.der,
    challengeId: challenge.challengeId,
    challenge: challenge.challenge,
    deviceSignature: new Uint8Array(sign("sha256", challenge.challenge, privateKey)),
  };
}

async function provision(phone: PhoneToken, personaId: string): Promise<void> {
  const result = await phones.provision({ phone, card: await cards.card(personaId), cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true });
  if (!result.ok) throw new Error(`${personaId} on ${phone.id}: ${result.refusal.reason}`);
}

describe("a phone retired in one process is refused by a service in another", () => {
  const android = (id: string) => new AndroidPhoneToken({ id, model: phoneModel("Pixel 8", "14") });

  it("superseded (the card added to a new phone): refused as revoked, as in-process; the new phone is accepted", async () => {
    const first = android("xproc-first");
    const second = android("xproc-second");
    await provision(first, "P0002");
    expect(verdict(await otherProcess().qualify(await phoneProof(first, "P0002", 1, "android", otherProcess())))).toMatchObject({ status: "1" });
    await provision(second, "P0002");
    const here = verdict(await sameProcess().qualify(await phoneProof(first, "P0002", 1, "android", sameProcess())));
    const there = verdict(await otherProcess().qualify(await phoneProof(first, "P0002", 1, "android", otherProcess())));
    expect(here).toMatchObject({ status: "2", code: "certificate-revoked" });
    expect(there).toEqual(here);
    expect(verdict(await otherProcess().qualify(await phoneProof(second, "P0002", 2, "android", otherProcess())))).toMatchObject({ status: "1" });
  });

  it("suspended through the lost-phone hotline: refused as revoked, as in-process", async () => {
    const phone = android("xproc-lost");
    await provision(phone, "P0013");
    expect(phones.suspend("P0013").ok).toBe(true);
    const here = verdict(await sameProcess().qualify(await phoneProof(phone, "P0013", 1, "android", sameProcess())));
    const there = verdict(await otherProcess().qualify(await phoneProof(phone, "P0013", 1, "android", otherProcess())));
    expect(here).toMatchObject({ status: "2", code: "certificate-revoked" });
    expect(there).toEqual(here);
  });
});
