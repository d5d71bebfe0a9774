import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHARMACY, deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi, TestDevice } from "./support/onshi-fixture.ts";

let onshi: MswOnshi;
let phone: TestDevice;
beforeAll(async () => {
  onshi = await mswOnshi();
  phone = await issueDevice(onshi.links, "P0001", "iphone");
});
afterAll(() => onshi.close());

describe("challenges: fresh, single use, short-lived, bound to the facility", () => {
  it("refuses a replayed challenge signature", async () => {
    const client = onshi.client();
    const proof = deviceProof(phone, await client.requestChallenge());
    expect((await client.qualify(proof)).processingResultStatus).toBe("1");
    const replay = await client.qualify(proof);
    expect(replay).toMatchObject({ processingResultStatus: "2", segmentOfResult: "9", processingResultCode: "challenge-replayed" });
  });

  it("uses up a challenge even when the qualification is refused", async () => {
    const client = onshi.client();
    const challenge = await client.requestChallenge();
    const good = deviceProof(phone, challenge);
    const bad = { ...good, deviceSignature: randomBytes(256) };
    expect((await client.qualify(bad)).processingResultCode).toBe("signature-invalid");
    expect((await client.qualify(good)).processingResultCode).toBe("challenge-replayed");
  });

  it("lets exactly one of two concurrent uses of a challenge through", async () => {
    const client = onshi.client();
    const proof = deviceProof(phone, await client.requestChallenge());
    const results = await Promise.all([client.qualify(proof), client.qualify(proof), client.qualify(proof)]);
    expect(results.filter((r) => r.processingResultStatus === "1")).toHaveLength(1);
    expect(results.filter((r) => r.processingResultCode === "challenge-replayed")).toHaveLength(2);
  });

  it("refuses a challenge issued to another facility", async () => {
    const pharmacysChallenge = await onshi.client(PHARMACY).requestChallenge();
    const r = await onshi.client().qualify(deviceProof(phone, pharmacysChallenge));
    expect(r).toMatchObject({ processingResultStatus: "2", processingResultCode: "challenge-other-facility" });
    // …and the pharmacy can still use it: a foreign attempt does not burn it.
    expect((await onshi.client(PHARMACY).qualify(deviceProof(phone, pharmacysChallenge))).processingResultStatus).toBe("1");
  });

  it("refuses a challenge it did not issue: made-up bytes, or an ID rewritten to this facility", async () => {
    const client = onshi.client();
    const real = await client.requestChallenge();
    const forgedBytes = { ...real, challenge: randomBytes(32) };
    expect((await client.qualify(deviceProof(phone, forgedBytes))).processingResultCode).toBe("challenge-invalid");
    const pharmacys = await onshi.client(PHARMACY).requestChallenge();
    const rewritten = { ...pharmacys, challengeId: pharmacys.challengeId.replace(/^\d{10}/, client.medicalInstitutionCode) };
    expect((await client.qualify(deviceProof(phone, rewritten))).processingResultCode).toBe("challenge-invalid");
  });
});
