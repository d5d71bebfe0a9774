import { mkdtempSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { captureIo } from "./capture-io.ts";
import { runBounded } from "./run-bounded.ts";

/** Bad path flags end at once with exit 2 naming the flag: nothing spins, nothing runs, no "internal error". */
const scratch = mkdtempSync(join(tmpdir(), "myna-paths-"));
const aFile = join(scratch, "a-file");
writeFileSync(aFile, "not a folder\n");

const cases = (): [string, string[], string][] => [
  ["run --out on procfs", ["run", "--patients", "1", "--seed", "1", "--out", "/proc/myna-hil-x"], "--out"],
  ["run --out through a regular file", ["run", "--patients", "1", "--seed", "1", "--out", join(aFile, "x")], "--out"],
  ["run --out empty", ["run", "--patients", "1", "--seed", "1", "--out", ""], "--out"],
  ["run --out blank", ["run", "--patients", "1", "--seed", "1", "--out", "  "], "--out"],
  ["serve --data on procfs", ["serve", "onshi", "--data", "/proc/myna-hil-x"], "--data"],
  ["serve --data through a regular file", ["serve", "onshi", "--data", join(aFile, "x")], "--data"],
  ["attach --trace through a regular file", ["attach", "--device", "card", "--vpcd", "127.0.0.1:1", "--trace", join(aFile, "t.pcapng")], "--trace"],
  ["attach --trace in a missing folder", ["attach", "--device", "card", "--vpcd", "127.0.0.1:1", "--trace", join(scratch, "missing", "t.pcapng")], "--trace"],
  ["attach --trace on procfs (not writable)", ["attach", "--device", "card", "--vpcd", "127.0.0.1:1", "--trace", "/proc/myna-hil-t.pcapng"], "--trace"],
  ["attach --trace naming a folder", ["attach", "--device", "card", "--vpcd", "127.0.0.1:1", "--trace", scratch], "--trace"],
  ["attach --trace empty", ["attach", "--device", "card", "--vpcd", "127.0.0.1:1", "--trace", ""], "--trace"],
];

describe("path flags: --out, --data, --trace", () => {
  const cwdBefore = process.cwd();
  afterEach(() => process.chdir(cwdBefore));

  it.each(cases())("%s → exit 2 naming the flag, before any work", async (_name, argv, flag) => {
    const { code, stderr, stdout } = await runBounded(argv);
    expect(stderr).toContain(`error: ${flag}`);
    expect(stderr).not.toContain("internal error");
    expect(code).toBe(2);
    // Before any work: no run banner, no vpcd connection attempt, no server.
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(/cannot reach vpcd|listening on/);
  });

  it("run --out \"\" writes nothing into the current folder", async () => {
    const here = await mkdtemp(join(tmpdir(), "myna-cwd-"));
    process.chdir(here);
    expect((await main(["run", "--patients", "1", "--seed", "1", "--out", ""], captureIo()))).toBe(2);
    expect(await readdir(here)).toEqual([]);
  });
});
