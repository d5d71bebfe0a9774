import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RequestFolder } from "../../../sim/terminal/oqs/req-folder.ts";
import { ResFolder } from "../../../sim/terminal/oqs/res-folder.ts";
import { standInService } from "./req-folder-fixture.ts";
import { requestXml } from "./request-xml-fixture.ts";

/** The stand-in service of the REQ-folder tests; `down` makes it fail as an unreachable service does. */
function service(behaviour: { down?: boolean } = {}): ReturnType<typeof standInService> {
  return standInService(behaviour.down ? () => new Error("connect ECONNREFUSED 127.0.0.1:1") : undefined);
}

async function folders() {
  const root = await mkdtemp(join(tmpdir(), "myna-oqs-"));
  const res = new ResFolder(join(root, "RES"));
  await res.ensure();
  return { root, req: join(root, "REQ"), res };
}

describe("the REQ folder", () => {
  it("answers a valid request with a result file of the same suffix and moves it to done/", async () => {
    const { req, res } = await folders();
    const svc = service();
    const folder = new RequestFolder({ path: req, res, service: svc, medicalInstitutionCode: "1312345678" });
    await folder.processOnce();
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), requestXml({}));
    const [outcome] = await folder.processOnce();
    expect(outcome).toMatchObject({ status: "answered" });
    expect(await readdir(res.path)).toEqual(["OQSsiquc01res_0001.xml"]);
    expect(await readFile(join(res.path, "OQSsiquc01res_0001.xml"), "utf8")).toContain("<QualificationValidity>4</QualificationValidity>");
    expect(await readdir(join(req, "done"))).toEqual(["OQSsiquc01req_0001.xml"]);
    expect(svc.asked).toHaveLength(1);
  });

  it("answers malformed XML with an error result file naming the element, never a crash", async () => {
    const { req, res } = await folders();
    const folder = new RequestFolder({ path: req, res, service: service(), medicalInstitutionCode: "1312345678", settleMs: 0 });
    await folder.processOnce();
    await writeFile(join(req, "OQSsiquc01req_bad1.xml"), "<XmlMsg><MessageHeader>");
    await writeFile(join(req, "OQSsiquc01req_bad2.xml"), requestXml({ Birthdate: "2026-11-22" }));
    await writeFile(join(req, "OQSsiquc01req_bad3.xml"), requestXml({ MedicalInstitutionCode: "9999999999" }));
    // A document that ends early may still be being written: it is answered on the next scan, once unchanged.
    const first = await folder.processOnce();
    expect(first.map((o) => o.status)).toEqual(["deferred", "rejected", "rejected"]);
    const outcomes = [...(await folder.processOnce()), ...first.slice(1)];
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(outcomes.map((o) => (o.status === "rejected" ? o.field : ""))).toEqual(["XmlMsg", "Birthdate", "MedicalInstitutionCode"]);
    const text = await readFile(join(res.path, "OQSsiquc01res_bad2.xml"), "utf8");
    expect(text).toContain("<SegmentOfResult>9</SegmentOfResult>");
    expect(text).toContain("Birthdate");
    expect((await readdir(join(req, "error"))).sort()).toEqual(["OQSsiquc01req_bad1.xml", "OQSsiquc01req_bad2.xml", "OQSsiquc01req_bad3.xml"]);
  });

  it("keeps a request the service could not answer and answers it once the service is back", async () => {
    const { req, res } = await folders();
    await new RequestFolder({ path: req, res, service: service(), medicalInstitutionCode: "1312345678" }).processOnce();
    await writeFile(join(req, "OQSsiquc01req_0002.xml"), requestXml({}));
    const errors: string[] = [];
    const down = new RequestFolder({ path: req, res, service: service({ down: true }), medicalInstitutionCode: "1312345678", onError: (e) => errors.push(e.message) });
    expect((await down.processOnce())[0]).toMatchObject({ status: "deferred" });
    expect(errors).toEqual([expect.stringMatching(/OQSsiquc01req_0002\.xml: online qualification service unreachable \(try 1 of 5\)/)]);
    expect(await readdir(res.path)).toEqual([]);
    expect(await readdir(req)).toContain("OQSsiquc01req_0002.xml");
    const up = new RequestFolder({ path: req, res, service: service(), medicalInstitutionCode: "1312345678" });
    expect((await up.processOnce())[0]).toMatchObject({ status: "answered" });
  });

  it("ignores files that are not request files (temporary files, other names)", async () => {
    const { req, res } = await folders();
    const folder = new RequestFolder({ path: req, res, service: service(), medicalInstitutionCode: "1312345678" });
    await folder.processOnce();
    await writeFile(join(req, ".OQSsiquc01req_0003.xml.tmp"), "partial");
    await writeFile(join(req, "notes.txt"), "x");
    expect(await folder.processOnce()).toEqual([]);
  });
});
