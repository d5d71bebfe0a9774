import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JpkiAuthority, KeyStore } from "../../sim/pki/index.ts";
import type { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { DAY, PHARMACY, deviceProof, issueDevice, monthsBefore, mswOnshi, readerProof } from "./support/onshi-fixture.ts";
import type { MswOnshi, TestDevice } from "./support/onshi-fixture.ts";

let onshi: MswOnshi;
let client: OnshiClient;
beforeAll(async () => {
  onshi = await mswOnshi();
  client = onshi.client();
});
afterAll(() => onshi.close());

async function qualify(device: TestDevice, method?: Parameters<typeof deviceProof>[2]) {
  return client.qualify(deviceProof(device, await client.requestChallenge(), method));
}

describe("certificate rules (docs/domain/rules.md)", () => {
  it("refuses a phone certificate expired one day (no grace), iPhone and Android alike", async () => {
    const notAfter = new Date(Date.now() - DAY);
    for (const kind of ["iphone", "android"] as const) {
      const phone = await issueDevice(onshi.links, "P0002", kind, { notBefore: new Date(Date.now() - 700 * DAY), notAfter });
      const r = await qualify(phone);
      expect(r, kind).toMatchObject({ processingResultStatus: "2", segmentOfResult: "9", processingResultCode: "certificate-expired" });
      expect(r.qualificationValidity).toBeUndefined();
    }
  });

  it("accepts a card certificate expired two months ago, in grace", async () => {
    const card = await issueDevice(onshi.links, "P0001", "card", { notBefore: new Date(Date.now() - 1800 * DAY), notAfter: monthsBefore(new Date(), 2) });
    expect(await qualify(card)).toMatchObject({ processingResultStatus: "1", qualificationValidity: "1", certificateInGrace: true, deviceKind: "card" });
  });

  it("refuses a card certificate expired three months and a day ago, and accepts one a day short of three months", async () => {
    const beyond = await issueDevice(onshi.links, "P0001", "card", { notBefore: new Date(Date.now() - 1800 * DAY), notAfter: new Date(monthsBefore(new Date(), 3).getTime() - DAY) });
    expect(await qualify(beyond)).toMatchObject({ processingResultStatus: "2", processingResultCode: "certificate-expired" });
    const within = await issueDevice(onshi.links, "P0001", "card", { notBefore: new Date(Date.now() - 1800 * DAY), notAfter: new Date(monthsBefore(new Date(), 3).getTime() + DAY) });
    expect(await qualify(within)).toMatchObject({ processingResultStatus: "1", certificateInGrace: true });
  });

  it("refuses a revoked certificate, card or phone", async () => {
    const card = await issueDevice(onshi.links, "P0003", "card", { revoked: true });
    expect((await qualify(card)).processingResultCode).toBe("certificate-revoked");
    const phone = await issueDevice(onshi.links, "P0003", "android", { revoked: true });
    expect((await qualify(phone)).processingResultCode).toBe("certificate-revoked");
  });

  it("sees a revocation made after issuance (the authority is shared) and one fed through the J-LIS route", async () => {
    const card = await issueDevice(onshi.links, "P0004", "card");
    expect((await qualify(card)).processingResultStatus).toBe("1");
    await onshi.service.revoke(card.certificate.serialNumber, new Date(Date.now() - 1000));
    expect((await qualify(card)).processingResultCode).toBe("certificate-revoked");
  });

  it("refuses a phone certificate presented as a card (no borrowed grace): the device kind at issuance rules", async () => {
    const phone = await issueDevice(onshi.links, "P0005", "iphone", { notBefore: new Date(Date.now() - 700 * DAY), notAfter: monthsBefore(new Date(), 1) });
    const proof = deviceProof(phone, await client.requestChallenge(), "pin");
    const r = await client.qualify({ ...proof, deviceKind: "card" });
    expect(r).toMatchObject({ processingResultStatus: "2", processingResultCode: "device-kind-mismatch" });
  });

  it("refuses a certificate of another CA, and a signing certificate in place of the auth one", async () => {
    const other = await JpkiAuthority.create({ name: "OTHER", keyStore: KeyStore.shared() });
    const keys = await KeyStore.shared().keyPair("persona:P0001:auth");
    const foreign = await other.issue({ kind: "auth", publicKey: keys.publicKey, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY), holder: { name: "山田 太郎", birthDate: "1980-04-01", sex: "male", address: "東京都千代田区" } });
    onshi.links.register(foreign.serialNumber, "P0001", "card");
    const r = await qualify({ personaId: "P0001", deviceKind: "card", certificate: foreign, privateKey: keys.privateKey });
    expect(r.processingResultCode).toBe("certificate-wrong-issuer");
    const authority = await JpkiAuthority.create({ keyStore: KeyStore.shared() });
    const signKeys = await KeyStore.shared().keyPair("persona:P0001:sign");
    const signing = await authority.issue({ kind: "sign", publicKey: signKeys.publicKey, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY), holder: { name: "山田 太郎", birthDate: "1980-04-01", sex: "male", address: "東京都千代田区" } });
    onshi.links.register(signing.serialNumber, "P0001", "card");
    expect((await qualify({ personaId: "P0001", deviceKind: "card", certificate: signing, privateKey: signKeys.privateKey })).processingResultCode).toBe("certificate-wrong-issuer");
  });

  it("refuses a signature by another key, or over another challenge", async () => {
    const phone = await issueDevice(onshi.links, "P0006", "android");
    const other = await issueDevice(onshi.links, "P0007", "android");
    const challenge = await client.requestChallenge();
    const wrongKey = { ...deviceProof(phone, challenge), deviceSignature: new Uint8Array(sign("sha256", challenge.challenge, other.privateKey)) };
    expect((await client.qualify(wrongKey)).processingResultCode).toBe("signature-invalid");
    const next = await client.requestChallenge();
    const wrongData = { ...deviceProof(phone, next), deviceSignature: new Uint8Array(sign("sha256", Buffer.from("something else"), phone.privateKey)) };
    expect((await client.qualify(wrongData)).processingResultCode).toBe("signature-invalid");
  });

  it("allows only the device's identity methods: card face/pin/visual, iPhone biometric, Android PIN", async () => {
    const iphone = await issueDevice(onshi.links, "P0002", "iphone");
    expect((await qualify(iphone, "pin")).processingResultCode).toBe("method-not-allowed");
    const android = await issueDevice(onshi.links, "P0002", "android");
    expect((await qualify(android, "biometric")).processingResultCode).toBe("method-not-allowed");
    const card = await issueDevice(onshi.links, "P0001", "card");
    expect((await qualify(card, "biometric")).processingResultCode).toBe("method-not-allowed");
    expect((await qualify(card, "pin")).processingResultStatus).toBe("1");
  });

  it("accepts a face match attested by a reader this facility registered, and no other reader", async () => {
    const card = await issueDevice(onshi.links, "P0001", "card");
    const reader = generateKeyPairSync("ec", { namedCurve: "P-256" });
    await client.registerReader("facr-1", reader.publicKey);
    const faceProof = async (readerId: string, key = reader.privateKey, certificate = card.certificate.der) => readerProof(card, await client.requestChallenge(), readerId, key, certificate);
    expect(await client.qualify(await faceProof("facr-1"))).toMatchObject({ processingResultStatus: "1", qualificationValidity: "1" });
    expect((await client.qualify({ ...(await faceProof("facr-1")), method: "visual" })).processingResultStatus).toBe("1");
    expect((await client.qualify(await faceProof("facr-2"))).processingResultCode).toBe("reader-unknown");
    const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect((await client.qualify(await faceProof("facr-1", stranger.privateKey))).processingResultCode).toBe("attestation-invalid");
    expect((await client.qualify(await faceProof("facr-1", reader.privateKey, Buffer.from("another certificate")))).processingResultCode).toBe("attestation-invalid");
    // The pharmacy registered no reader: the clinic's reader does not count for it.
    const pharmacy = onshi.client(PHARMACY);
    const r = await pharmacy.qualify(readerProof(card, await pharmacy.requestChallenge(), "facr-1", reader.privateKey));
    expect(r.processingResultCode).toBe("reader-unknown");
  });

  it("answers 4 for a valid certificate that is linked to nobody", async () => {
    const keys = await KeyStore.shared().keyPair("persona:P0001:auth");
    const authority = await JpkiAuthority.create({ keyStore: KeyStore.shared() });
    const unlinked = await authority.issue({ kind: "auth", publicKey: keys.publicKey, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY), holder: { name: "山田 太郎", birthDate: "1980-04-01", sex: "male", address: "東京都千代田区" } });
    const r = await qualify({ personaId: "?", deviceKind: "card", certificate: unlinked, privateKey: keys.privateKey });
    expect(r).toMatchObject({ processingResultStatus: "1", qualificationValidity: "4", processingResultCode: "no-eligibility" });
    expect(r.insured).toBeUndefined();
  });
});
