import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { OnshiService } from "../../sim/onshi/onshi-service.ts";
import { startOnshiServer } from "../../sim/onshi/onshi-server.ts";
import { SERVICE_FILES } from "../../sim/onshi/service-files.ts";
import { CLINIC, PHARMACY, testAuthority } from "./support/onshi-fixture.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "onshi-refusals-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A data directory holding `files` (name → content). */
async function dataDir(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content);
  return dir;
}

async function openError(dir: string): Promise<Error> {
  const error: unknown = await OnshiService.open({ authority: await testAuthority(), facilities: [CLINIC, PHARMACY], dataDir: dir, links: new CertificateLinks(), sync: "none" }).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected the service to refuse the data directory");
  return error;
}

const GOOD_LINE = JSON.stringify({ type: "opt-out", at: 1, facility: CLINIC.medicalInstitutionCode });

describe("the service refuses a damaged data directory clearly, naming the file and the line", () => {
  it.each([
    ["a qualified event without its qualification", { type: "qualified", at: 1 }],
    ["a qualification without an id", { type: "qualified", at: 1, qualification: { facility: CLINIC.medicalInstitutionCode, at: 1, counted: true, result: {} } }],
    ["a consent without its record", { type: "consent", at: 1, facility: CLINIC.medicalInstitutionCode, qualificationId: "q_1" }],
    ["a reader whose key is not a key", { type: "reader-registered", at: 1, facility: CLINIC.medicalInstitutionCode, readerId: "r1", publicKey: "AAAA" }],
    ["a link with an unknown device kind", { type: "link", at: 1, serialNumber: "0a", personaId: "P0001", deviceKind: "pager" }],
  ])("%s: JournalCorruptError naming the file and line 2", async (_what, event) => {
    const dir = await dataDir(`corrupt-${_what.replaceAll(" ", "-")}`, { [SERVICE_FILES.journal]: `${GOOD_LINE}\n${JSON.stringify(event)}\n${GOOD_LINE}\n` });
    const error = await openError(dir);
    expect(error.name).toBe("JournalCorruptError");
    expect(error.message).toContain(`${path.join(dir, SERVICE_FILES.journal)}: line 2`);
    expect(error.message).not.toMatch(/Cannot read properties/);
  });

  it.each([
    ["not JSON", "{facilities", /facilities\.json: is not valid JSON/],
    ["an empty list", "[]", /facilities\.json: no facilities:.*can serve nothing/],
    ["a facility with a bad code", JSON.stringify([{ medicalInstitutionCode: "1234567890", secret: "0123456789abcdef0123", name: "x" }]), /facilities\.json: .*invalid medical institution code/],
  ])("refuses a facilities.json that is %s, naming the file", async (_what, content, words) => {
    const dir = await dataDir(`facilities-${_what.replaceAll(" ", "-")}`, { [SERVICE_FILES.facilities]: content });
    const error: unknown = await startOnshiServer({ dataDir: dir, authority: await testAuthority(), links: new CertificateLinks() }).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("DataFileError");
    expect((error as Error).message).toMatch(words);
  });
});
