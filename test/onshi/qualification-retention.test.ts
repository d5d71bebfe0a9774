import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnshiHttpError } from "../../sim/onshi/onshi-http-error.ts";
import { CLINIC, deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi } from "./support/onshi-fixture.ts";

const RETENTION_MS = 60_000;
let now = Date.now();
let onshi: MswOnshi;
beforeAll(async () => {
  onshi = await mswOnshi({ clock: () => new Date(now), qualificationRetentionMs: RETENTION_MS });
});
afterAll(() => onshi.close());

const consent = { specificHealthCheckInfo: true, pharmacistsInfo: false, diagnosisInfo: false, operationInfo: false, limitApplicationCertificateRelatedConsFlg: false };

describe("a long-running service keeps answered qualifications only for their retention (memory stays bounded)", () => {
  it("reads back and takes consent inside the window; past it the qualification is gone, the usage count stays", async () => {
    const clinic = onshi.client(CLINIC);
    const phone = await issueDevice(onshi.links, "P0015", "android");
    const first = await clinic.qualify(deviceProof(phone, await clinic.requestChallenge()));
    expect(first.qualificationValidity).toBe("1");
    const id = first.qualificationId ?? "";

    now += RETENTION_MS / 2;
    expect((await clinic.getQualification(id)).qualificationId).toBe(id);

    now += RETENTION_MS;
    // The next answered request prunes what is past the window.
    const second = await clinic.qualify(deviceProof(phone, await clinic.requestChallenge()));
    const gone = await clinic.getQualification(id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(gone).toBeInstanceOf(OnshiHttpError);
    expect((gone as OnshiHttpError).status).toBe(404);
    const late = await clinic.recordConsent(id, consent).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((late as OnshiHttpError).status).toBe(404);
    expect((await clinic.getQualification(second.qualificationId ?? "")).qualificationId).toBe(second.qualificationId);
    expect((await clinic.usage()).androidUses).toBe(2);
  });
});
