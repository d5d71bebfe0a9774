import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../cli/main.ts";
import { CATALOGUE } from "../../scenarios/catalogue/catalogue.ts";
import { INCIDENT_SCHEMA_PATH, incidentJsonSchema } from "../../scenarios/incidents/incident-json-schema.ts";
import { japaneseSimilarity, normalizeJapanese } from "../../scenarios/incidents/japanese-text.ts";
import { matchIncident } from "../../scenarios/incidents/match-incident.ts";
import { IncidentError, parseIncident } from "../../scenarios/incidents/parse-incident.ts";
import { captureIo } from "../cli/capture-io.ts";

const INCIDENTS = "scenarios/incidents";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

async function exampleFiles(): Promise<string[]> {
  return (await readdir(INCIDENTS)).filter((f) => f.endsWith(".json") && f !== "incident.schema.json").sort();
}

/** The best entry each shipped example must match (undefined: no entry can produce it). */
const BEST: Record<string, string | undefined> = {
  "android-pin-blocked.json": "ANDROID-PIN-WRONG-THEN-BLOCKED",
  "card-code-006.json": "CARD-CERT-EXPIRED-006",
  "iphone-face-id-not-done.json": "IPHONE-BIOMETRIC-NOT-DONE",
  "no-phone-button-unlisted-reader.json": "GP-READER-NOT-LISTED",
  "phone-held-before-button-panasonic.json": "PHONE-HELD-BEFORE-BUTTON",
  "unmatched-insurer-not-registered.json": undefined,
};

describe("incident reports (scenarios/incidents)", () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "myna-incidents-"));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  test(`${INCIDENT_SCHEMA_PATH} is up to date (regenerate: MYNA_HIL_WRITE_SCHEMA=1 npx vitest run test/scenarios/incidents.test.ts)`, async () => {
    if (process.env.MYNA_HIL_WRITE_SCHEMA === "1") await writeFile(INCIDENT_SCHEMA_PATH, incidentJsonSchema());
    expect(await readFile(INCIDENT_SCHEMA_PATH, "utf8")).toBe(incidentJsonSchema());
  });

  test("every shipped example validates and matches the entry it was written for", async () => {
    const files = await exampleFiles();
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files).toEqual(Object.keys(BEST).sort());
    for (const file of files) {
      const incident = parseIncident(await readFile(join(INCIDENTS, file), "utf8"));
      const producing = matchIncident(incident, CATALOGUE).filter((m) => m.canProduce);
      expect(producing[0]?.entry.id, file).toBe(BEST[file]);
    }
  });

  test("a bad incident gets one message per bad field, naming its path (exit 2), never echoing values", async () => {
    const bad = {
      facilityType: "spa",
      readerModel: "panasonic-xc-stfr1j-mn",
      generalPurposeReader: { model: "SONY RC-S300/P" },
      device: { kind: "card", os: "iOS" },
      failedAt: "hold",
      shown: {},
      pin: "9876",
    };
    expect(() => parseIncident(JSON.stringify(bad))).toThrow(IncidentError);
    try {
      parseIncident(JSON.stringify(bad));
    } catch (error) {
      const problems = (error as IncidentError).problems.join("\n");
      expect(problems).toMatch(/^facilityType: /m);
      expect(problems).toMatch(/^generalPurposeReader\.setUp: /m);
      expect(problems).toMatch(/^device\.os: a card has no OS/m);
      expect(problems).toMatch(/^shown: give the code or the words/m);
      expect(problems).toMatch(/unknown field\(s\) pin/);
      expect(problems).not.toContain("9876");
    }
    await writeFile(join(out, "bad.json"), JSON.stringify(bad));
    const run = await cli("reproduce", join(out, "bad.json"));
    expect(run.code).toBe(2);
    expect(run.err).toContain("device.os");
    expect(run.err).not.toContain("9876");
    await writeFile(join(out, "not-json.json"), "{ nope");
    expect((await cli("reproduce", join(out, "not-json.json"))).code).toBe(2);
    expect((await cli("reproduce", join(out, "missing.json"))).code).toBe(2);
  });

  test("Japanese words compare after full-width / half-width and space normalisation", () => {
    expect(normalizeJapanese("「スマートフォン を　利用する」 ＡＢＣ１２３")).toBe(normalizeJapanese("スマートフォンを利用する abc123"));
    expect(japaneseSimilarity("暗証番号が違います。残り２回", "暗証番号が違います。残り2回")).toBe(1);
    expect(japaneseSimilarity("保険者番号が登録されていません", "スマートフォンを読み取れませんでした")).toBeLessThan(0.3);
  });

  test("the same incident reproduces identically twice in a row (normalized traces equal)", async () => {
    const file = join(INCIDENTS, "phone-held-before-button-panasonic.json");
    const [a, b] = [join(out, "a"), join(out, "b")];
    const first = await cli("reproduce", file, "--out", a);
    const second = await cli("reproduce", file, "--out", b);
    expect(first.code, first.out + first.err).toBe(0);
    expect(second.code).toBe(0);
    expect(first.out).toContain("REPRODUCED: the reported error happened again");
    const name = "PHONE-HELD-BEFORE-BUTTON.normalized.txt";
    const [ta, tb] = [await readFile(join(a, name), "utf8"), await readFile(join(b, name), "utf8")];
    expect(ta).toBe(tb);
    expect(ta).toContain("SELECT AID JPKI → 9000 OK");
    expect((await readFile(join(a, "PHONE-HELD-BEFORE-BUTTON.pcapng"))).length).toBeGreaterThan(100);
    const json = JSON.parse(await readFile(join(a, "reproduction.json"), "utf8")) as { reproduced: boolean; runs: { normalizedTraceSha256: string }[] };
    const jsonB = JSON.parse(await readFile(join(b, "reproduction.json"), "utf8")) as typeof json;
    expect(json.reproduced).toBe(true);
    expect(json.runs.map((r) => r.normalizedTraceSha256)).toEqual(jsonB.runs.map((r) => r.normalizedTraceSha256));
  }, 30_000);

  test("words that match no entry: says so, lists the nearest entries, exit 1", async () => {
    const run = await cli("reproduce", join(INCIDENTS, "unmatched-insurer-not-registered.json"), "--out", join(out, "none"));
    expect(run.code).toBe(1);
    expect(run.out).toContain("no catalogue entry shows the reported code or words");
    expect(run.out).toContain("nearest entries");
    expect(run.out.match(/^ {2}[A-Z0-9-]+ +score/gm)?.length).toBe(5);
  }, 30_000);
});
