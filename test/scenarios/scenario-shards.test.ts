import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../cli/main.ts";
import { CATALOGUE } from "../../scenarios/catalogue/catalogue.ts";
import { type ScenarioReport, withoutTimings } from "../../scenarios/catalogue/scenario-report.ts";
import { itemsOfShard, parseScenarioShard } from "../../scenarios/catalogue/scenario-shard.ts";
import { captureIo } from "../cli/capture-io.ts";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

async function report(path: string): Promise<ScenarioReport> {
  return JSON.parse(await readFile(path, "utf8")) as ScenarioReport;
}

describe("sweeps over several machines: scenario run --all --shard i/n --report DIR, scenario merge", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "myna-shards-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("shards hold every entry exactly once; bad shard specs are refused", () => {
    const ids = [1, 2, 3].flatMap((i) => itemsOfShard(CATALOGUE, { index: i, count: 3 }).map((e) => e.id));
    expect([...ids].sort()).toEqual(CATALOGUE.map((e) => e.id).sort());
    expect(parseScenarioShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1"]) expect(() => parseScenarioShard(bad)).toThrow(RangeError);
  });

  test("the merged shard reports equal the one-machine report for the same seed (timings removed)", async () => {
    const whole = await cli("scenario", "run", "--all", "--seed", "3", "--report", join(dir, "whole"));
    expect(whole.code, whole.out).toBe(0);
    for (const i of [1, 2, 3]) {
      const shard = await cli("scenario", "run", "--all", "--seed", "3", "--shard", `${i}/3`, "--report", join(dir, `m${i}`));
      expect(shard.code, shard.out).toBe(0);
      expect(shard.out).toContain(`shard ${i}/3`);
    }
    const merged = await cli("scenario", "merge", join(dir, "m1"), join(dir, "m2"), join(dir, "m3"), "--out", join(dir, "merged.json"));
    expect(merged.code, merged.err).toBe(0);
    const one = await report(join(dir, "whole", "scenario-report.json"));
    const fromShards = await report(join(dir, "merged.json"));
    expect(withoutTimings(fromShards)).toEqual(withoutTimings(one));
    expect(one.verdicts.map((v) => v.id)).toEqual(CATALOGUE.map((e) => e.id));
    for (const v of one.verdicts) expect(v.normalizedTraceSha256).toMatch(/^[0-9a-f]{64}$/);
  }, 300_000);

  test("merge refuses an incomplete or doubled sweep with clear errors (exit 2)", async () => {
    const missing = await cli("scenario", "merge", join(dir, "m1"), join(dir, "m3"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("shard 2/3 is missing");
    expect(missing.err).toMatch(/missing from every report \(\d+\)/);
    const twice = await cli("scenario", "merge", join(dir, "m1"), join(dir, "m1"), join(dir, "m2"), join(dir, "m3"));
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/shard 1\/3 given twice/);
    expect(twice.err).toMatch(/appears again/);
    const shard1 = await report(join(dir, "m1", "scenario-report-shard-1-of-3.json"));
    const forged = { ...shard1, seed: 99, verdicts: [...shard1.verdicts, { ...shard1.verdicts[0], id: "NO-SUCH-ENTRY" }] };
    await writeFile(join(dir, "forged.json"), JSON.stringify(forged));
    const bad = await cli("scenario", "merge", join(dir, "forged.json"), join(dir, "m2"), join(dir, "m3"));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("NO-SUCH-ENTRY is not a catalogue id");
    expect(bad.err).toMatch(/seed 3, but .*forged\.json has 99/);
    await writeFile(join(dir, "junk.json"), JSON.stringify({ format: "something else" }));
    const junk = await cli("scenario", "merge", join(dir, "junk.json"));
    expect(junk.code).toBe(2);
    expect(junk.err).toMatch(/not a scenario report: format/);
  }, 30_000);

  test("a failing run prints the first divergent APDU against the passing run (rules on)", async () => {
    const run = await cli("scenario", "run", "PHONE-CERT-EXPIRED-NO-GRACE", "--rules-off", "phone-no-grace");
    expect(run.code).toBe(1);
    expect(run.out).toContain("first divergent APDU against the passing run");
    expect(run.out).toMatch(/- .*← this run\n.*\+ .*← passing run/);
    const unknown = await cli("scenario", "run", "PHONE-READ-ANDROID", "--rules-off", "no-such-rule");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("--rules-off: unknown rule(s) no-such-rule");
    const shardAlone = await cli("scenario", "run", "PHONE-READ-ANDROID", "--shard", "1/2");
    expect(shardAlone.code).toBe(2);
  }, 30_000);
});
