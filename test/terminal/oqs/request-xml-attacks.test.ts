import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RequestFolder } from "../../../sim/terminal/oqs/req-folder.ts";
import { FACILITY, reqAndRes, standInService } from "./req-folder-fixture.ts";
import { requestXml } from "./request-xml-fixture.ts";

/** Kept as regression tests: entity attacks in request files are refused without expanding anything. */

const XXE = requestXml({}).replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE XmlMsg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace("000123", "&xxe;");
const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<XmlMsg><MessageHeader><ReferenceClassification>&lol9;</ReferenceClassification></MessageHeader></XmlMsg>`;

describe("request XML with entity attacks is refused (E-XML), never expanded, never sent to the service", () => {
  it.each([
    ["an external entity (XXE)", XXE],
    ["a billion-laughs expansion", LAUGHS],
  ])("%s", async (_what, xml) => {
    const { req, res } = await reqAndRes();
    await mkdir(req, { recursive: true });
    const service = standInService();
    const folder = new RequestFolder({ path: req, res, service, medicalInstitutionCode: FACILITY, onError: () => undefined });
    await writeFile(join(req, "OQSsiquc01req_0001.xml"), xml);
    const [outcome] = await folder.processOnce();
    expect(outcome).toMatchObject({ status: "rejected", field: "XmlMsg", message: expect.stringContaining("DOCTYPE") });
    expect(service.asked).toHaveLength(0);
    const text = await readFile(join(res.path, "OQSsiquc01res_0001.xml"), "utf8");
    expect(text).toContain("<ErrorCode>E-XML</ErrorCode>");
    expect(text).not.toContain("root:");
    expect(text).not.toContain("lollol");
    expect(await readdir(join(req, "error"))).toEqual(["OQSsiquc01req_0001.xml"]);
  });
});
