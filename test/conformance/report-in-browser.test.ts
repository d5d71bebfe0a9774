import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { chromium } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { runEmulated } from "../../conformance/emulated/run-emulated.ts";
import { MUTANTS } from "../../conformance/mutants/mutants.ts";
import { loadProfile } from "../../conformance/profile/load-profile.ts";
import { REQUIREMENTS } from "../../conformance/requirements/catalogue.ts";
import { judgeAll } from "../../conformance/run/judge-all.ts";
import type { VerdictSummary } from "../../conformance/run/requirement-result.ts";
import { saveObservations, writeReports } from "../../conformance/run/write-reports.ts";

/** Debian's Chromium; the suite never downloads a browser. */
const CHROMIUM = "/usr/bin/chromium";
/** In CI (and wherever the hardware tier is required) a missing browser fails the test instead of skipping it. */
const BROWSER_REQUIRED = process.env.CI === "true" || process.env.MYNA_HIL_REQUIRE_HARDWARE === "1";
const OUT = "reports/conformance-browser";
const SEED = "browser-check-1";
let summary: VerdictSummary;

beforeAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  // A report with a real failure: the verify-to-iphone mutant's observations judged as a DUT.
  const profile = await loadProfile("conformance/profiles/emulated.json");
  const mutant = MUTANTS.find((m) => m.id === "verify-to-iphone");
  if (!mutant) throw new Error("mutant verify-to-iphone missing");
  const start = new Date().toISOString();
  const set = await runEmulated({ profile, dir: OUT, seed: SEED, hooks: mutant.hooks, scenarios: mutant.scenarios });
  const results = judgeAll(REQUIREMENTS, set, profile);
  const end = new Date().toISOString();
  await saveObservations(OUT, set, profile, { dut: "emulated+mutant:verify-to-iphone", profileFile: "conformance/profiles/emulated.json", seed: SEED, start, end });
  ({ summary } = await writeReports(OUT, { dut: "emulated+mutant:verify-to-iphone", profile, profileFile: "conformance/profiles/emulated.json", seed: SEED, start, end, results }));
}, 60_000);

describe("the reports", () => {
  it.skipIf(!existsSync(CHROMIUM) && !BROWSER_REQUIRED)("the HTML page shows the counts, filters by verdict, and links a failure to its trace excerpt and source (headless Chromium)", async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (the report is checked in a real browser)`);
    expect(summary.fail).toBeGreaterThan(0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(join(process.cwd(), OUT, "report.html")).href);
      expect(await page.locator("#summary").getAttribute("data-tests")).toBe(String(summary.tests));
      for (const v of ["pass", "fail", "inconclusive", "not_applicable", "error"] as const) expect(await page.locator(`#count-${v}`).getAttribute("data-count")).toBe(String(summary[v]));
      await page.selectOption("#verdict", "fail");
      expect(await page.locator("#results tbody tr:visible").count()).toBe(summary.fail);
      const link = page.locator('#results tbody tr[data-verdict="fail"] a', { hasText: "MYNA-HOST-001" });
      await link.click();
      const detail = page.locator("#detail-MYNA-HOST-001");
      await expect.poll(() => detail.isVisible()).toBe(true);
      expect(await detail.locator("pre").first().textContent()).toMatch(/00 20 00 80/);
      expect(await detail.locator("a.source").first().getAttribute("href")).toMatch(/docs\/domain\/phone-token\.md#iphone$/);
      await page.selectOption("#verdict", "");
      await page.screenshot({ path: join(OUT, "report.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it("the JUnit file parses as XML with the JUnit shape: testsuites › testsuite per role › testcase per requirement", async () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(await readFile(join(OUT, "junit.xml"), "utf8")) as {
      testsuites: { "@tests": string; "@failures": string; testsuite: { "@name": string; "@tests": string; testcase: { "@name": string; failure?: unknown; skipped?: unknown }[] }[] };
    };
    expect(Number(doc.testsuites["@tests"])).toBe(REQUIREMENTS.length);
    expect(Number(doc.testsuites["@failures"])).toBe(summary.fail);
    expect(doc.testsuites.testsuite.map((s) => s["@name"].split(" ").at(-1))).toEqual(["host", "facr", "oqs-client"]);
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(REQUIREMENTS.length);
    expect(cases.find((c) => c["@name"].startsWith("MYNA-HOST-001"))?.failure).toBeDefined();
  });

  it("the JSON report is CTRF-shaped with a certification block sealed by its own SHA-256", async () => {
    const { createHash } = await import("node:crypto");
    const report = JSON.parse(await readFile(join(OUT, "report.json"), "utf8")) as { results: { tool: { name: string }; summary: { tests: number }; tests: unknown[] }; certification: { reportSha256: string; seed: string; components: Record<string, string>; files: { path: string }[] } };
    expect(report.results.tool.name).toBe("myna-hil conformance");
    expect(report.results.tests).toHaveLength(report.results.summary.tests);
    expect(report.certification.seed).toBe(SEED);
    expect(report.certification.components).toMatchObject({ node: process.version });
    expect(report.certification.files.map((f) => f.path)).toContain("scenarios/iphone-ok/apdu-trace.txt");
    const claimed = report.certification.reportSha256;
    report.certification.reportSha256 = "";
    expect(createHash("sha256").update(JSON.stringify(report)).digest("hex")).toBe(claimed);
  });
});
