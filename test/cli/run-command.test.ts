import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { captureIo } from "./capture-io.ts";

describe("myna-hil run", () => {
  it("runs a seeded counter session, prints progress and a summary, and writes reports", async () => {
    const out = await mkdtemp(join(tmpdir(), "myna-run-"));
    const io = captureIo();
    expect(await main(["run", "--patients", "8", "--seed", "42", "--out", out], io)).toBe(0);
    const text = io.stdout();
    expect(text).toContain("seed 42");
    expect(text.match(/\[\s*\d+\/8\]/g)).toHaveLength(8);
    expect(text).toMatch(/Summary: \d+ of 8 patients qualified/);
    const [dir] = await readdir(out);
    const summary = JSON.parse(await readFile(join(out, dir as string, "summary.json"), "utf8"));
    expect(summary.visits).toHaveLength(8);
    expect(summary.seed).toBe(42);
    // PINs never reach the reports.
    const traces = await readFile(join(out, dir as string, "failed-reads.trace.txt"), "utf8");
    expect(traces).not.toMatch(/31 32 33 34/);
  });

  it("gives the same visits for the same seed", async () => {
    const ids = async () => {
      const io = captureIo();
      await main(["run", "--patients", "6", "--seed", "7", "--out", await mkdtemp(join(tmpdir(), "myna-run-"))], io);
      return [...io.stdout().matchAll(/\] (P\d{4}) .*PIN (\S+)/g)].map((m) => `${m[1]}:${m[2]}`);
    };
    const first = await ids();
    expect(first).toHaveLength(6);
    expect(await ids()).toEqual(first);
  });

  it("refuses a bad --patients with exit 2 naming the flag", async () => {
    const io = captureIo();
    expect(await main(["run", "--patients", "0"], io)).toBe(2);
    expect(io.stderr()).toContain("--patients");
  });
});
