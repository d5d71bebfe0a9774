import { access, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { captureIo } from "./capture-io.ts";

async function runDay(args: string[]) {
  const out = await mkdtemp(join(tmpdir(), "myna-run-"));
  const io = captureIo();
  const code = await main(["run", "--out", out, ...args], io);
  const [dir] = await readdir(out);
  return { code, io, dir: join(out, dir as string) };
}

describe("myna-hil run (the main job)", () => {
  it("runs a seeded counter day: progress per patient, a summary, result files and reports", async () => {
    const { code, io, dir } = await runDay(["--patients", "10", "--seed", "42", "--phone-share", "0.5"]);
    expect(code).toBe(0);
    const text = io.stdout();
    expect(text).toContain("seed 42");
    expect(text.match(/\[\s*\d+\/10\]/g)).toHaveLength(10);
    expect(text).toMatch(/Summary — .*10 patients/);
    expect(text).toMatch(/usage rate \(My Number uses \/ patients\)/);
    const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8"));
    expect(summary.visits).toHaveLength(10);
    const answered = summary.visits.filter((v: { outcome: { kind: string } }) => v.outcome.kind === "answered").length;
    expect(summary.usage.myNumberUses).toBe(answered);
    const files = await readdir(join(dir, "RES"));
    expect(files.filter((f) => /^OQSsiquc01res_face_\d{17}_\d{6}\.xml$/.test(f)).length).toBeGreaterThanOrEqual(answered);
    await access(join(dir, "apdu-trace.pcapng"));
    const trace = await readFile(join(dir, "apdu-trace.txt"), "utf8");
    expect(trace).toContain("redacted");
  });

  it("gives the same patients and paths for the same seed", async () => {
    const visits = async () => {
      const { io } = await runDay(["--patients", "6", "--seed", "7", "--phone-share", "0.5"]);
      return [...io.stdout().matchAll(/\] (P\d{4}) \S+ ?\S* +(\S+)/g)].map((m) => `${m[1]}:${m[2]}`);
    };
    const first = await visits();
    expect(first).toHaveLength(6);
    expect(await visits()).toEqual(first);
  });

  it.each([
    [["--patients", "0"], "--patients"],
    [["--facility", "zoo"], "--facility"],
    [["--reader", "toaster"], "--reader"],
    [["--phone-share", "2"], "--phone-share"],
  ])("refuses %j with exit 2 naming the flag", async (args, flag) => {
    const io = captureIo();
    expect(await main(["run", ...args], io)).toBe(2);
    expect(io.stderr()).toContain(flag);
  });
});
