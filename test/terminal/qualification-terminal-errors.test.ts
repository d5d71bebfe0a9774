import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IdentityProof } from "../../sim/contract/identity-proof.ts";
import type { QualificationService } from "../../sim/contract/qualification-service.ts";
import { OnshiHttpError } from "../../sim/onshi/onshi-http-error.ts";
import { QualificationTerminal } from "../../sim/terminal/qualification-terminal.ts";
import { FACILITY, reqAndRes } from "./oqs/req-folder-fixture.ts";

const PROOF: IdentityProof = { deviceKind: "card", method: "pin", certificate: new Uint8Array([1]), challengeId: "c1", challenge: new Uint8Array([2]), deviceSignature: new Uint8Array([3]) };

/** A service whose qualification fails with `error`. */
function failing(error: Error): QualificationService {
  return {
    requestChallenge: () => Promise.reject(new Error("not used")),
    qualify: () => Promise.reject(error),
    recordConsent: () => Promise.reject(new Error("not used")),
    queryInsurance: () => Promise.reject(new Error("not used")),
  };
}

/** What `completeRead` rejected with, and the error result file it wrote. */
async function failure(error: Error): Promise<{ error: Error & { resultFile?: string }; xml: string }> {
  const { res } = await reqAndRes();
  const terminal = new QualificationTerminal({ service: failing(error), res, medicalInstitutionCode: FACILITY });
  const rejected: unknown = await terminal.completeRead({ proof: PROOF }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(rejected instanceof Error)) throw new Error("expected completeRead to reject");
  const files = await readdir(res.path);
  expect(files).toHaveLength(1);
  return { error: rejected, xml: await readFile(join(res.path, files[0] ?? ""), "utf8") };
}

describe("the terminal tells an unreachable service from a refusal", () => {
  it.each([
    ["a refused connection", new Error("connect ECONNREFUSED 127.0.0.1:1")],
    ["a time-out", new Error("no answer from http://127.0.0.1:1/qualifications within 30000 ms")],
    ["a 503", new OnshiHttpError(503, { error: "unavailable", message: "journal write failed" })],
    ["a 500", new OnshiHttpError(500, { error: "internal", message: "internal error" })],
  ])("%s → unreachable (E-SERVICE, fallbacks)", async (_what, error) => {
    const { error: rejected, xml } = await failure(error);
    expect(rejected.name).toBe("ServiceUnreachableError");
    expect(rejected.message).toMatch(/^online qualification service unreachable/);
    expect(xml).toContain("<ErrorCode>E-SERVICE</ErrorCode>");
  });

  it.each([
    [400, "bad-request", "certificate: is not a DER X.509 certificate", "certificate"],
    [401, "unauthorized", "unknown medical institution code or wrong secret", undefined],
    [409, "consent-already-recorded", "consent was already recorded for this qualification", undefined],
  ])("HTTP %i → refused (E-REFUSED) naming the service's code %s and its message", async (status, code, message, field) => {
    const { error: rejected, xml } = await failure(new OnshiHttpError(status, { error: code, message, ...(field !== undefined ? { field } : {}) }));
    expect(rejected.name).toBe("ServiceRefusedError");
    expect(rejected).toMatchObject({ status, code, resultFile: expect.stringContaining("OQSsiquc01res_face_") });
    expect(rejected.message).toContain(`HTTP ${status} ${code}`);
    expect(rejected.message).toContain(message);
    expect(rejected.message).not.toContain("unreachable");
    expect(xml).toContain("<ErrorCode>E-REFUSED</ErrorCode>");
    expect(xml).toContain(code);
    expect(xml).not.toContain("unreachable");
  });
});
