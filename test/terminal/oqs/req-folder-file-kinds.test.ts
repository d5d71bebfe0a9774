import { execFileSync } from "node:child_process";
import { constants } from "node:fs";
import { mkdir, open, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RequestFolder } from "../../../sim/terminal/oqs/req-folder.ts";
import { FACILITY, reqAndRes, standInService, within } from "./req-folder-fixture.ts";
import { requestXml } from "./request-xml-fixture.ts";

/** FIFOs made by a test: opened for writing afterwards, so a reader blocked on one (the bug) is let go. */
const fifos: string[] = [];
afterEach(async () => {
  for (const fifo of fifos.splice(0)) await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).then((h) => h.close(), () => undefined);
});

/** A REQ folder with a valid request `OQSsiquc01req_0100.xml` sorted after the odd entry the test adds. */
async function setUp() {
  const { req, res } = await reqAndRes();
  await mkdir(req, { recursive: true });
  const service = standInService();
  const errors: string[] = [];
  const folder = new RequestFolder({ path: req, res, service, medicalInstitutionCode: FACILITY, onError: (e: Error) => errors.push(e.message) });
  return { req, res, service, folder, errors };
}

describe("the REQ folder reads regular files only (lstat, no symlinks followed, size checked before reading)", () => {
  it("answers a FIFO named like a request with an error result, without hanging the scan or the requests after it", async () => {
    const { req, res, service, folder } = await setUp();
    const fifo = join(req, "OQSsiquc01req_0001.xml");
    execFileSync("mkfifo", [fifo]);
    fifos.push(fifo);
    await writeFile(join(req, "OQSsiquc01req_0100.xml"), requestXml({}));
    const outcomes = await within(folder.processOnce(), 3000, "scan with a FIFO");
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "answered"]);
    expect(outcomes[0]).toMatchObject({ field: "XmlMsg", message: expect.stringMatching(/OQSsiquc01req_0001\.xml.*not a regular file/) });
    expect(await readFile(join(res.path, "OQSsiquc01res_0001.xml"), "utf8")).toContain("<ErrorCode>E-FILE</ErrorCode>");
    expect(await readdir(join(req, "error"))).toEqual(["OQSsiquc01req_0001.xml"]);
    expect(service.asked).toHaveLength(1);
  });

  it("does not follow a symlink named like a request (to /dev/zero or to a file outside the folder)", async () => {
    const { req, res, service, folder } = await setUp();
    await symlink("/dev/zero", join(req, "OQSsiquc01req_0001.xml"));
    const outside = join(res.path, "..", "outside.xml");
    await writeFile(outside, requestXml({}));
    await symlink(outside, join(req, "OQSsiquc01req_0002.xml"));
    const outcomes = await within(folder.processOnce(), 3000, "scan with symlinks");
    expect(outcomes.map((o) => [o.file, o.status])).toEqual([
      ["OQSsiquc01req_0001.xml", "rejected"],
      ["OQSsiquc01req_0002.xml", "rejected"],
    ]);
    for (const o of outcomes) expect(o).toMatchObject({ message: expect.stringMatching(/symbolic link, not a regular file/) });
    expect(service.asked).toHaveLength(0);
    expect((await readdir(join(req, "error"))).sort()).toEqual(["OQSsiquc01req_0001.xml", "OQSsiquc01req_0002.xml"]);
    expect(await readFile(join(res.path, "OQSsiquc01res_0002.xml"), "utf8")).toContain("<SegmentOfResult>9</SegmentOfResult>");
  });

  it("answers a directory named like a request once with an error result, instead of retrying it for ever", async () => {
    const { req, res, folder } = await setUp();
    await mkdir(join(req, "OQSsiquc01req_0001.xml"));
    const [first] = await folder.processOnce();
    expect(first).toMatchObject({ status: "rejected", message: expect.stringMatching(/OQSsiquc01req_0001\.xml.*directory, not a regular file/) });
    expect(await readdir(res.path)).toEqual(["OQSsiquc01res_0001.xml"]);
    expect(await folder.processOnce()).toEqual([]);
  });

  it("refuses a file over the size limit from its size alone", async () => {
    const { req, folder } = await setUp();
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), `${requestXml({})}${" ".repeat(70_000)}`);
    const [outcome] = await folder.processOnce();
    expect(outcome).toMatchObject({ status: "rejected", field: "XmlMsg", message: expect.stringContaining("larger than 65536 bytes") });
  });
});
