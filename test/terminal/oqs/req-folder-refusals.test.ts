import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestFolder } from "../../../sim/terminal/oqs/req-folder.ts";
import { CLINIC, mswOnshi } from "../../onshi/support/onshi-fixture.ts";
import type { MswOnshi } from "../../onshi/support/onshi-fixture.ts";
import { FACILITY, reqAndRes, standInService } from "./req-folder-fixture.ts";
import { requestXml } from "./request-xml-fixture.ts";

let onshi: MswOnshi;
beforeAll(async () => {
  onshi = await mswOnshi();
});
afterAll(() => onshi.close());

describe("the REQ folder answers a request it cannot answer with an error result, once (never deferred for ever)", () => {
  it("answers a query the service refuses (a bad insurer check digit: HTTP 400) with an error result naming the field and the service's code", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const folder = new RequestFolder({ path: req, res, service: onshi.client(CLINIC), medicalInstitutionCode: CLINIC.medicalInstitutionCode, onError: () => undefined });
    const xml = requestXml({ MedicalInstitutionCode: CLINIC.medicalInstitutionCode, InsurerNumber: "33120016" });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), xml);
    const usage = (await onshi.client(CLINIC).usage()).onlineQualifications;
    const [outcome] = await folder.processOnce();
    expect(outcome).toMatchObject({ status: "rejected", field: "InsurerNumber", message: expect.stringMatching(/OQSsiquc01req_0001\.xml.*HTTP 400 bad-request.*check digit/) });
    const text = await readFile(join(res.path, "OQSsiquc01res_0001.xml"), "utf8");
    expect(text).toContain("<ErrorCode>E-REFUSED</ErrorCode>");
    expect(text).toContain("InsurerNumber");
    expect(await readdir(join(req, "error"))).toEqual(["OQSsiquc01req_0001.xml"]);
    expect(await folder.processOnce()).toEqual([]);
    expect((await onshi.client(CLINIC).usage()).onlineQualifications).toBe(usage);
  });

  it("answers XML nested deeper than the parser allows with an error result, never asking the service", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const service = standInService();
    const folder = new RequestFolder({ path: req, res, service, medicalInstitutionCode: FACILITY, onError: () => undefined });
    const deep = requestXml({}).replace("<MessageBody>", `<MessageBody>${"<Nest>".repeat(150)}${"</Nest>".repeat(150)}`);
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), deep);
    const [outcome] = await folder.processOnce();
    expect(outcome).toMatchObject({ status: "rejected", field: "XmlMsg", message: expect.stringContaining("nested deeper than") });
    expect(service.asked).toHaveLength(0);
    expect(await readdir(res.path)).toEqual(["OQSsiquc01res_0001.xml"]);
  });

  it("names the file and the element in plain words, without the parser's internals", async () => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const folder = new RequestFolder({ path: req, res, service: standInService(), medicalInstitutionCode: FACILITY, settleMs: 0, onError: () => undefined });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), "<XmlMsg><MessageHeader>");
    await writeFile(join(req, "OQSsiquc01req_0002.xml"), "<XmlMsg><MessageHeader></MessageBody></XmlMsg>");
    // Not well-formed: possibly still being written, so answered on the second look.
    expect((await folder.processOnce()).map((o) => o.status)).toEqual(["deferred", "deferred"]);
    const outcomes = await folder.processOnce();
    const messages = outcomes.map((o) => (o.status === "rejected" ? o.message : ""));
    expect(messages[0]).toMatch(/^OQSsiquc01req_0001\.xml: XmlMsg: not well-formed XML at line 1: the document ends before element <MessageHeader> is closed/);
    expect(messages[1]).toMatch(/^OQSsiquc01req_0002\.xml: XmlMsg: not well-formed XML at line 1/);
    for (const m of messages) expect(m).not.toMatch(/\[\s*"|opened in line|Invalid '/);
  });
});
