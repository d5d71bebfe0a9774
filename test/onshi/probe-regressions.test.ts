import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { OnshiHttpError } from "../../sim/onshi/onshi-http-error.ts";
import { startOnshiServer } from "../../sim/onshi/onshi-server.ts";
import type { RunningOnshiServer } from "../../sim/onshi/onshi-server.ts";
import { CLINIC, PHARMACY, basicAuth, deviceProof, issueDevice, testAuthority } from "./support/onshi-fixture.ts";
import type { TestDevice } from "./support/onshi-fixture.ts";

/** Kept as regression tests: what an earlier probe of the real server on loopback showed working. */

let server: RunningOnshiServer;
let phone: TestDevice;
const client = (f = CLINIC): OnshiClient => new OnshiClient({ baseUrl: server.url, medicalInstitutionCode: f.medicalInstitutionCode, secret: f.secret });

beforeAll(async () => {
  const links = new CertificateLinks();
  server = await startOnshiServer({ authority: await testAuthority(), facilities: [CLINIC, PHARMACY], links, host: "127.0.0.1", sync: "none" });
  phone = await issueDevice(links, "P0002", "android");
});
afterAll(() => server.close());

/**
 * POSTs `total` bytes to /qualifications, declared with a Content-Length or sent chunked (64 KiB chunks, one per
 * turn of the event loop); resolves with the status and how many bytes had been written when the answer came.
 */
function postBig(total: number, mode: "content-length" | "chunked"): Promise<{ status: number; writtenAtAnswer: number; ms: number }> {
  const started = Date.now();
  const url = new URL("/qualifications", server.url);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const headers: Record<string, string> = { authorization: basicAuth(CLINIC), "content-type": "application/json", ...(mode === "content-length" ? { "content-length": String(total) } : {}) };
    const req = http.request(url, { method: "POST", headers, agent: false }, (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, writtenAtAnswer: written, ms: Date.now() - started });
      req.destroy();
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const pump = (): void => {
      if (answered || req.destroyed) return;
      if (written >= total) {
        req.end();
        return;
      }
      written += chunk.length;
      if (req.write(chunk)) setImmediate(pump);
      else req.once("drain", pump);
    };
    if (mode === "content-length") req.flushHeaders();
    else pump();
  });
}

describe("probe regressions on the real server (loopback)", () => {
  it("refuses a replayed challenge", async () => {
    const proof = deviceProof(phone, await client().requestChallenge());
    expect((await client().qualify(proof)).processingResultStatus).toBe("1");
    expect((await client().qualify(proof)).processingResultCode).toBe("challenge-replayed");
  });

  it("lets exactly one of 25 parallel uses of one challenge through", async () => {
    const before = (await client().usage()).onlineQualifications;
    const proof = deviceProof(phone, await client().requestChallenge());
    const results = await Promise.all(Array.from({ length: 25 }, () => client().qualify(proof)));
    expect(results.filter((r) => r.processingResultStatus === "1")).toHaveLength(1);
    expect(results.filter((r) => r.processingResultCode === "challenge-replayed")).toHaveLength(24);
    expect((await client().usage()).onlineQualifications).toBe(before + 1);
  });

  it("refuses another facility's read of a qualification (404, nothing of the patient)", async () => {
    const mine = await client().qualify(deviceProof(phone, await client().requestChallenge()));
    const error = await client(PHARMACY)
      .getQualification(mine.qualificationId ?? "")
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OnshiHttpError);
    expect((error as OnshiHttpError).status).toBe(404);
    expect(JSON.stringify((error as OnshiHttpError).body)).not.toContain(mine.insured?.name ?? "never");
  });

  it.each(["content-length", "chunked"] as const)("refuses a 10 MB body (%s) with 413, quickly and without reading it all", async (mode) => {
    const total = 10 * 1024 * 1024;
    const answer = await postBig(total, mode);
    expect(answer.status).toBe(413);
    expect(answer.ms).toBeLessThan(5000);
    expect(answer.writtenAtAnswer).toBeLessThan(total);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
