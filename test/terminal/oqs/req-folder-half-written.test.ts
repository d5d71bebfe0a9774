import { appendFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RequestFolder } from "../../../sim/terminal/oqs/req-folder.ts";
import { FACILITY, reqAndRes, standInService } from "./req-folder-fixture.ts";
import { requestXml } from "./request-xml-fixture.ts";

describe("the REQ folder recognises a request still being written (unchanged size and mtime across two scans)", () => {
  it("leaves a half-written request in place and answers it once complete", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const service = standInService();
    const folder = new RequestFolder({ path: req, res, service, medicalInstitutionCode: FACILITY, settleMs: 0, onError: () => undefined });
    const xml = requestXml({});
    const file = join(req, "OQSsiquc01req_0001.xml");
    await writeFile(file, xml.slice(0, 120));
    expect((await folder.processOnce())[0]).toMatchObject({ status: "deferred", reason: expect.stringContaining("being written") });
    expect(await readdir(req)).toEqual(["OQSsiquc01req_0001.xml"]);
    await appendFile(file, xml.slice(120));
    expect((await folder.processOnce())[0]).toMatchObject({ status: "answered" });
    expect(await readdir(res.path)).toEqual(["OQSsiquc01res_0001.xml"]);
    expect(service.asked).toHaveLength(1);
  });

  it("rejects a file that stays malformed once it has stopped changing", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const folder = new RequestFolder({ path: req, res, service: standInService(), medicalInstitutionCode: FACILITY, settleMs: 0, onError: () => undefined });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), "<XmlMsg><MessageHeader>");
    expect((await folder.processOnce())[0]).toMatchObject({ status: "deferred" });
    expect((await folder.processOnce())[0]).toMatchObject({ status: "rejected", field: "XmlMsg" });
  });

  it("waits settleMs between the two looks", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const folder = new RequestFolder({ path: req, res, service: standInService(), medicalInstitutionCode: FACILITY, settleMs: 60_000, onError: () => undefined });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), "<XmlMsg>");
    expect((await folder.processOnce())[0]).toMatchObject({ status: "deferred" });
    expect((await folder.processOnce())[0]).toMatchObject({ status: "deferred" });
  });
});
