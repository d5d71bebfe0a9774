import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../../cli/cli-error.ts";
import { commandRegistry } from "../../cli/commands/command-registry.ts";
import { runCli } from "../../cli/run-cli.ts";
import { loadProfile } from "../../conformance/profile/load-profile.ts";
import { type ConformanceOutcome, runConformance } from "../../conformance/run/conformance-run.ts";
import { rejudge } from "../../conformance/run/rejudge.ts";
import { captureIo } from "../cli/capture-io.ts";

const SEED = "conformance-test-1";
let dir: string;
let outcome: ConformanceOutcome;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "myna-conf-ref-"));
  console.log(`conformance seed ${SEED}, output ${dir}`);
  const profile = await loadProfile("conformance/profiles/emulated.json");
  outcome = await runConformance({ dut: "emulated", profile, profileFile: "conformance/profiles/emulated.json", outDir: dir, mutants: true, seed: SEED });
}, 120_000);

describe("DUT emulated: the reference implementation", () => {
  it("passes every applicable requirement (exit 0)", () => {
    const notPassed = outcome.results.filter((r) => r.verdict !== "pass" && r.verdict !== "not_applicable");
    expect(notPassed.map((r) => `${r.id}: ${r.verdict} ${r.message}`)).toEqual([]);
    expect(outcome.summary.pass).toBeGreaterThanOrEqual(25);
    expect(outcome.exitCode).toBe(0);
  });

  it("kills every shipped mutant on the requirement it breaks", () => {
    expect(outcome.mutants?.results.filter((m) => !m.killed)).toEqual([]);
    expect(outcome.mutants?.killed).toBe(outcome.mutants?.total);
    expect(outcome.mutants?.total).toBeGreaterThanOrEqual(8);
  });

  it("re-judges the saved observations without the DUT to the same verdicts", async () => {
    const again = await rejudge(dir);
    expect(again.results.map((r) => [r.id, r.verdict])).toEqual(outcome.results.map((r) => [r.id, r.verdict]));
  });

  it("selects requirements by the profile: a cards-only host has the phone requirements not applicable, with the reason", async () => {
    const profile = { ...(await loadProfile("conformance/profiles/emulated.json")), roles: ["host" as const], phoneOses: [] };
    await writeFile(join(dir, "profile.json"), JSON.stringify({ dut: "emulated", profileFile: "cards-only", seed: SEED, start: new Date().toISOString(), end: new Date().toISOString(), profile }));
    const cardsOnly = await rejudge(dir);
    const byId = new Map(cardsOnly.results.map((r) => [r.id, r]));
    expect(byId.get("MYNA-HOST-001")).toMatchObject({ verdict: "not_applicable", message: "phoneOses does not include ios" });
    expect(byId.get("MYNA-FACR-001")).toMatchObject({ verdict: "not_applicable" });
    expect(byId.get("MYNA-HOST-002")?.verdict).toBe("pass");
  });
});

describe("myna-hil conformance on the command line", () => {
  it("runs with live progress and the seed printed, judging only --only", async () => {
    const out = await mkdtemp(join(tmpdir(), "myna-conf-cli-"));
    const io = captureIo();
    const code = await runCli(["conformance", "--dut", "emulated", "--profile", "conformance/profiles/emulated.json", "--out", join(out, "run"), "--seed", SEED, "--only", "MYNA-HOST-002", "MYNA-OQS-001"], { io }, commandRegistry);
    expect(code).toBe(ExitCode.Ok);
    expect(io.stdout()).toMatch(/2 pass, 0 fail.* 33 not applicable/);
    expect(io.stderr()).toMatch(new RegExp(`seed ${SEED}`));
    expect(io.stderr()).toMatch(/scenario iphone-ok/);
  });

  it("rejudges a mutant's run: exit 1 on its failure, exit 0 once the expectations file marks it as known", async () => {
    const mutantDir = join(dir, "mutants", "first-256-bytes");
    const failing = captureIo();
    expect(await runCli(["conformance", "rejudge", mutantDir, "--only", "MYNA-HOST-002"], { io: failing }, commandRegistry)).toBe(ExitCode.VerdictFailed);
    expect(failing.stdout()).toMatch(/1 fail/);
    const expectations = join(dir, "expectations.json");
    await writeFile(expectations, JSON.stringify({ knownFailures: [{ id: "MYNA-HOST-002", reason: "vendor ticket 42" }] }));
    const known = captureIo();
    expect(await runCli(["conformance", "rejudge", mutantDir, "--only", "MYNA-HOST-002", "--expectations", expectations], { io: known }, commandRegistry)).toBe(ExitCode.Ok);
    expect(known.stdout()).toMatch(/1 fail \(1 known\)/);
  });
});
