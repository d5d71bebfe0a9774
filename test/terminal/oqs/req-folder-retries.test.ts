import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RequestFolder } from "../../../sim/terminal/oqs/req-folder.ts";
import { ResFolder } from "../../../sim/terminal/oqs/res-folder.ts";
import { FACILITY, HttpStatusError, reqAndRes, standInService, within } from "./req-folder-fixture.ts";
import { requestXml } from "./request-xml-fixture.ts";

describe("the REQ folder retries a request the service could not answer a bounded number of times, and says why", () => {
  it("writes an error result after maxAttempts scans with the service down (one call per scan), and stops asking", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const service = standInService(() => new Error("connect ECONNREFUSED 127.0.0.1:1"));
    const errors: string[] = [];
    const folder = new RequestFolder({ path: req, res, service, medicalInstitutionCode: FACILITY, maxAttempts: 3, onError: (e: Error) => errors.push(e.message) });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), requestXml({}));
    const statuses: string[] = [];
    for (let scan = 0; scan < 5; scan++) statuses.push(...(await folder.processOnce()).map((o) => o.status));
    expect(statuses).toEqual(["deferred", "deferred", "rejected"]);
    expect(service.asked).toHaveLength(3);
    const text = await readFile(join(res.path, "OQSsiquc01res_0001.xml"), "utf8");
    expect(text).toContain("<ErrorCode>E-SERVICE</ErrorCode>");
    expect(text).toMatch(/unreachable after 3 attempts.*ECONNREFUSED/);
    expect(await readdir(join(req, "error"))).toEqual(["OQSsiquc01req_0001.xml"]);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/OQSsiquc01req_0001\.xml.*ECONNREFUSED/);
  });

  it("treats a 5xx like an outage (retried) and a 4xx as a refusal (answered at once)", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    let status = 503;
    const service = standInService(() => new HttpStatusError(status, { error: status === 503 ? "unavailable" : "forbidden", message: "x" }));
    const folder = new RequestFolder({ path: req, res, service, medicalInstitutionCode: FACILITY, onError: () => undefined });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), requestXml({}));
    expect((await folder.processOnce())[0]).toMatchObject({ status: "deferred", reason: expect.stringContaining("503") });
    status = 403;
    expect((await folder.processOnce())[0]).toMatchObject({ status: "rejected", message: expect.stringContaining("HTTP 403 forbidden") });
  });

  it("reports what stops a request (here: the RES folder cannot be written) through onError while watching, and goes on with the next", async () => {
    const { root, req } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const resPath = join(root, "RES-is-a-file");
    await writeFile(resPath, "not a folder");
    const errors: Error[] = [];
    let reported: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      reported = resolve;
    });
    const folder = new RequestFolder({
      path: req,
      res: new ResFolder(resPath),
      service: standInService(),
      medicalInstitutionCode: FACILITY,
      onError: (e: Error) => {
        errors.push(e);
        reported();
      },
    });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), requestXml({}));
    await writeFile(join(req, "OQSsiquc01req_0002.xml"), requestXml({}));
    const outcomes: string[] = [];
    await folder.watch((o) => outcomes.push(`${o.file}:${o.status}`), 50);
    try {
      await within(seen, 3000, "an error report");
    } finally {
      await folder.close();
    }
    expect(errors[0]?.message).toMatch(/OQSsiquc01req_0001\.xml/);
    expect(outcomes).toEqual(expect.arrayContaining(["OQSsiquc01req_0001.xml:deferred", "OQSsiquc01req_0002.xml:deferred"]));
    await rm(resPath);
  });
});
