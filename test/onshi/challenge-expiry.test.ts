import { describe, expect, it } from "vitest";
import { deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";

describe("challenge lifetime", () => {
  it("refuses an expired challenge; the TTL is configurable", async () => {
    let now = Date.now();
    const onshi = await mswOnshi({ challengeTtlMs: 30_000, clock: () => new Date(now) });
    try {
      const device = await issueDevice(onshi.links, "P0001", "android");
      const client = onshi.client();
      const challenge = await client.requestChallenge();
      expect(challenge.expiresAt.getTime()).toBe(now + 30_000);
      now += 30_001;
      expect((await client.qualify(deviceProof(device, challenge))).processingResultCode).toBe("challenge-expired");
      const fresh = await client.requestChallenge();
      now += 29_000;
      expect((await client.qualify(deviceProof(device, fresh))).processingResultStatus).toBe("1");
    } finally {
      await onshi.close();
    }
  });
});
