import { spawnSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { ObservationSet } from "../../conformance/observations/scenario-observation.ts";
import type { CapabilityProfile } from "../../conformance/profile/capability-profile.ts";
import { findSecrets } from "../../conformance/requirements/secret-scan.ts";
import { loadProfile } from "../../conformance/profile/load-profile.ts";
import { type ConformanceOutcome, runConformance } from "../../conformance/run/conformance-run.ts";
import { rejudge } from "../../conformance/run/rejudge.ts";
import { runExternal } from "../../conformance/external/run-external.ts";
import { describeHardware } from "../support/hardware-tier.ts";

const PROFILE = "conformance/profiles/stand-in.json";
const SEED = "conformance-external-1";

/** Debian's python3-pyscard, which the stand-in vendor program uses (`apt-get install python3-pyscard`). */
function pyscard(): string | undefined {
  const r = spawnSync("/usr/bin/python3", ["-c", "import smartcard.scard"], { encoding: "utf8" });
  return r.status === 0 ? undefined : `the stand-in needs Debian's python3-pyscard (apt-get install -y python3-pyscard): ${(r.stderr || r.error?.message || "").trim().split("\n").at(-1)}`;
}

describeHardware("DUT external: the stand-in vendor program (Python, pyscard) through the real pcscd", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const readerName = status.vpcdReaders[slot] as string;
  let profile: CapabilityProfile;
  let dir: string;
  let outcome: ConformanceOutcome;

  beforeAll(async () => {
    const missing = pyscard();
    if (missing) throw new Error(missing);
    const loaded = await loadProfile(PROFILE);
    // The example profile names slot 0; another run may hold it: use the free one. Only the mutant tested here runs.
    profile = { ...loaded, generalPurposeReader: { name: readerName, listed: true }, mutants: (loaded.mutants ?? []).filter((m) => m.id === "verify-iphone") };
    dir = await mkdtemp(join(tmpdir(), "myna-conf-ext-"));
    console.log(`conformance external seed ${SEED}, reader ${readerName}, output ${dir}`);
    outcome = await runConformance({ dut: "external", profile, profileFile: PROFILE, outDir: dir, mutants: true, seed: SEED });
  }, 240_000);

  it("passes every applicable requirement with the stand-in (exit 0); screen requirements are not applicable to a host/oqs-client", () => {
    const notPassed = outcome.results.filter((r) => r.verdict !== "pass" && r.verdict !== "not_applicable");
    expect(notPassed.map((r) => `${r.id}: ${r.verdict} ${r.message}`)).toEqual([]);
    const passed = outcome.results.filter((r) => r.verdict === "pass").map((r) => r.id);
    expect(passed).toEqual(expect.arrayContaining(["MYNA-HOST-001", "MYNA-HOST-002", "MYNA-HOST-005", "MYNA-HOST-006", "MYNA-HOST-010", "MYNA-HOST-011", "MYNA-OQS-001", "MYNA-OQS-003", "MYNA-OQS-004", "MYNA-OQS-005"]));
    expect(outcome.exitCode).toBe(0);
  });

  it("kills the stand-in's verify-iphone mutant on MYNA-HOST-001", () => {
    expect(outcome.mutants).toMatchObject({ killed: 1, total: 1, results: [{ id: "verify-iphone", kills: "MYNA-HOST-001", killed: true, verdict: "fail" }] });
  });

  it("observes the vendor's display report, result files and the service side, and never a PIN", async () => {
    const saved = JSON.parse(await readFile(join(dir, "observations.json"), "utf8")) as { scenarios: Record<string, { screens: { state: string; at: number }[]; resultFiles: { name: string }[]; service: { op: string }[]; logs: { text: string }[]; apdus: { hex: string }[] }>; notPlayed: Record<string, string> };
    const wrongPin = saved.scenarios["card-wrong-pin"];
    expect(wrongPin?.screens.map((s) => s.state)).toContain("pin-wrong");
    expect(saved.scenarios["card-pin-ok"]?.resultFiles[0]?.name).toMatch(/^OQSsiquc01res_face_\d{17}_\d{6}\.xml$/);
    expect(saved.scenarios["service-down"]?.service.filter((c) => c.op === "qualify").length).toBeLessThanOrEqual(4);
    expect(saved.notPlayed["card-face-ok"]).toMatch(/not played by DUT external/);
    // The PINs typed (1234, the wrong 9173) appear nowhere: screens, service calls, journal, result files, logs, trace.
    const set = saved as unknown as ObservationSet;
    for (const o of Object.values(set.scenarios)) expect(findSecrets(set, o), o.scenario).toEqual([]);
  });

  it("takes the screens over HTTP when the profile says displayReport http (the stand-in posts each one)", async () => {
    const httpProfile: CapabilityProfile = { ...profile, displayReport: { kind: "http", url: "http://127.0.0.1:0/screens" }, mutants: [] };
    const set = await runExternal({ profile: httpProfile, profileFile: PROFILE, dir: await mkdtemp(join(tmpdir(), "myna-conf-ext-http-")), seed: SEED, scenarios: ["card-wrong-pin"] });
    const o = set.scenarios["card-wrong-pin"];
    expect(o?.screens.map((s) => s.state)).toEqual(expect.arrayContaining(["standby", "reading", "pin-wrong"]));
    expect(o?.logs.find((l) => l.name === "display-report problems")).toBeUndefined();
    expect(o?.screens.every((s) => s.at >= 0)).toBe(true);
  }, 120_000);

  it("re-judges the saved observations to the same verdicts", async () => {
    const again = await rejudge(dir);
    expect(again.results.map((r) => [r.id, r.verdict])).toEqual(outcome.results.map((r) => [r.id, r.verdict]));
  });
});
