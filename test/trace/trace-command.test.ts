import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fromHex } from "../../sim/apdu/index.ts";
import { main } from "../../cli/main.ts";
import { ApduTrace, normalizeTrace, traceToPcapng } from "../../sim/trace/index.ts";
import { captureIo } from "../cli/capture-io.ts";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

function trace(lastSw: string, link = "ws://127.0.0.1:40001"): ApduTrace {
  const t = new ApduTrace();
  for (const [c, r] of [["00A4040C0AD392F000260100000001", "9000"], ["00A4020C020018", "9000"], ["002000800431323334", "9000"], ["00A4020C020017", lastSw]] as const) {
    t.command(link, fromHex(c));
    t.response(link, fromHex(r), Math.random());
  }
  return t;
}

describe("myna-hil trace diff A B", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "myna-trace-diff-"));
    await writeFile(join(dir, "a.txt"), trace("9000").toText());
    await writeFile(join(dir, "a2.txt"), trace("9000", "ws://127.0.0.1:51234").toText());
    await writeFile(join(dir, "b.txt"), trace("6982").toText());
    const t = trace("9000");
    await writeFile(join(dir, "a.pcapng"), traceToPcapng(t.entries, t.startedAt));
    await writeFile(join(dir, "a.normalized.txt"), normalizeTrace(t.entries));
    await writeFile(join(dir, "junk.txt"), "not a trace\n");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("identical runs (other ports, other timings): exit 0", async () => {
    const run = await cli("trace", "diff", join(dir, "a.txt"), join(dir, "a2.txt"));
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toContain("identical");
  });

  test("different runs: the first divergent line, then the diff; exit 1", async () => {
    const run = await cli("trace", "diff", join(dir, "a.txt"), join(dir, "b.txt"));
    expect(run.code).toBe(1);
    expect(run.out).toContain("  - SELECT EF 0017 AUTH_KEY → 9000 OK");
    expect(run.out).toContain("  + SELECT EF 0017 AUTH_KEY → 6982 SECURITY_STATUS_NOT_SATISFIED");
    expect(run.out).toContain("@@ ");
    expect(run.out).not.toContain("31 32 33 34");
  });

  test("pcapng against text, and a normalized file against text", async () => {
    const pcap = await cli("trace", "diff", join(dir, "a.pcapng"), join(dir, "a.txt"));
    expect(pcap.code, pcap.out).toBe(0);
    expect(pcap.out).toContain("comparing APDU lines");
    const normalized = await cli("trace", "diff", join(dir, "a.normalized.txt"), join(dir, "a2.txt"));
    expect(normalized.code, normalized.out).toBe(0);
  });

  test("bad input: exit 2 naming the argument", async () => {
    const junk = await cli("trace", "diff", join(dir, "junk.txt"), join(dir, "a.txt"));
    expect(junk.code).toBe(2);
    expect(junk.err).toMatch(/A .*junk\.txt: not a trace/);
    const missing = await cli("trace", "diff", join(dir, "a.txt"), join(dir, "nope.pcapng"));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/B .*nope\.pcapng: cannot read it \(ENOENT\)/);
  });

  test("trace normalize prints the normalized form", async () => {
    const run = await cli("trace", "normalize", join(dir, "a.pcapng"));
    expect(run.code).toBe(0);
    expect(run.out).toContain("VERIFY 0018 AUTH_PIN <redacted 4 bytes> → 9000 OK");
  });
});
