import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../cli/cli-error.ts";
import { commandRegistry } from "../../cli/commands/command-registry.ts";
import { runCli } from "../../cli/run-cli.ts";
import { loadProfile, parseProfile } from "../../conformance/profile/load-profile.ts";
import { ProfileError } from "../../conformance/profile/profile-error.ts";
import { DISPLAY_REPORT_SCHEMA_FILE, displayReportSchemaText, PROFILE_SCHEMA_FILE, profileSchemaText } from "../../conformance/profile/write-profile-schema.ts";
import { captureIo } from "../cli/capture-io.ts";

const EXAMPLES = ["conformance/profiles/emulated.json", "conformance/profiles/stand-in.json", "conformance/profiles/pcsc-reader.json"];

describe("the capability profile (ICS)", () => {
  it("publishes a JSON Schema that is up to date with the zod schema (regenerate: npx tsx conformance/profile/write-profile-schema.ts)", async () => {
    expect(await readFile(PROFILE_SCHEMA_FILE, "utf8")).toBe(profileSchemaText());
    expect(await readFile(DISPLAY_REPORT_SCHEMA_FILE, "utf8")).toBe(displayReportSchemaText());
  });

  it.each(EXAMPLES)("example %s is valid", async (file) => {
    const profile = await loadProfile(file);
    expect(profile.roles.length).toBeGreaterThan(0);
  });

  it("names every bad field with its path and message", async () => {
    const good = JSON.parse(await readFile(EXAMPLES[0] as string, "utf8")) as Record<string, unknown>;
    const bad = { ...good, roles: ["host", "printer"], identityPaths: { face: "yes", pin: true, visual: true }, displayReport: { kind: "http", url: "not a url" }, colour: "blue" };
    try {
      parseProfile(bad, "bad.json");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProfileError);
      const problems = (error as ProfileError).problems.join("\n");
      expect(problems).toMatch(/^roles\.1: /m);
      expect(problems).toMatch(/^identityPaths\.face: /m);
      expect(problems).toMatch(/^displayReport\.url: /m);
      expect(problems).toMatch(/colour/);
    }
  });

  it("exits 2 on a bad profile, a bad --dut and an unknown --only ID, naming what is wrong", async () => {
    const dir = await mkdtemp(join(tmpdir(), "myna-conf-"));
    const badFile = join(dir, "bad.json");
    await writeFile(badFile, JSON.stringify({ name: "x", roles: [] }));
    const cases: [string[], RegExp][] = [
      [["conformance", "--profile", badFile, "--out", join(dir, "out")], /roles: /],
      [["conformance", "--dut", "floppy", "--profile", EXAMPLES[0] as string], /--dut/],
      [["conformance", "--profile", EXAMPLES[0] as string, "--only", "MYNA-NOPE-001"], /--only/],
      [["conformance", "--dut", "external", "--profile", EXAMPLES[0] as string, "--out", join(dir, "ext")], /command: DUT external runs the vendor program/],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await runCli(argv, { io }, commandRegistry)).toBe(ExitCode.Usage);
      expect(io.stderr()).toMatch(message);
    }
  });
});
