import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { CLINIC, deviceProof, issueDevice, MSW_ORIGIN, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi } from "./support/onshi-fixture.ts";

let onshi: MswOnshi;
let challengeRequests = 0;
beforeAll(async () => {
  onshi = await mswOnshi();
  onshi.msw.events.on("request:start", ({ request }) => {
    if (request.method === "POST" && new URL(request.url).pathname === "/challenges") challengeRequests++;
  });
});
afterAll(() => onshi.close());

function prefetching(marginMs?: number): OnshiClient {
  return new OnshiClient({ baseUrl: MSW_ORIGIN, medicalInstitutionCode: CLINIC.medicalInstitutionCode, secret: CLINIC.secret, prefetchChallenges: marginMs === undefined ? true : { marginMs } });
}

describe("the next challenge with each answer", () => {
  it("hands the kept challenge to the next read; it is fresh, this facility's, and single use", async () => {
    const phone = await issueDevice(onshi.links, "P0018", "android");
    const client = prefetching();
    const first = await client.requestChallenge();
    const r1 = await client.qualify(deviceProof(phone, first));
    expect(r1.qualificationValidity).toBe("1");
    expect(r1).not.toHaveProperty("nextChallenge");
    const before = challengeRequests;
    const second = await client.requestChallenge();
    // No round trip: the challenge came with the answer.
    expect(challengeRequests).toBe(before);
    expect(second.challengeId).not.toBe(first.challengeId);
    expect((await client.qualify(deviceProof(phone, second))).qualificationValidity).toBe("1");
    // Used up: presenting it again is a replay.
    expect((await client.qualify(deviceProof(phone, second))).processingResultCode).toBe("challenge-replayed");
  });

  it("does not hand out a kept challenge close to its expiry: it asks for a new one", async () => {
    const phone = await issueDevice(onshi.links, "P0019", "iphone");
    const client = prefetching(10 * 60_000);
    const first = await client.requestChallenge();
    await client.qualify(deviceProof(phone, first));
    const before = challengeRequests;
    const fresh = await client.requestChallenge();
    // With a margin longer than the TTL, the kept challenge counts as too old: a round trip for a new one.
    expect(challengeRequests).toBe(before + 1);
    expect((await client.qualify(deviceProof(phone, fresh))).qualificationValidity).toBe("1");
  });
});
