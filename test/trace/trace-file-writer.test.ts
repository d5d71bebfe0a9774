import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fromHex } from "../../sim/apdu/hex.ts";
import { ApduTrace, formatTraceEntry, TraceFileWriter, traceToPcapng } from "../../sim/trace/index.ts";

async function paths() {
  const dir = await mkdtemp(join(tmpdir(), "myna-trace-"));
  return { pcapngPath: join(dir, "t.pcapng"), textPath: join(dir, "t.txt") };
}

describe("TraceFileWriter: pcapng and text written as the session goes", () => {
  test("big frames reach the disk before close; at close only the rest is flushed", async () => {
    const p = await paths();
    const trace = new ApduTrace({ maxBytes: 1024 * 1024 });
    const writer = TraceFileWriter.open({ ...p, startedAt: trace.startedAt, header: "# a comment line" });
    const stop = trace.subscribe((e) => writer.write(e));
    const big = new Uint8Array(65_535).fill(0x42);
    for (let i = 0; i < 300; i++) {
      trace.command("vpcd", big);
      trace.response("vpcd", Uint8Array.of(0x6d, 0x00), 0.01);
    }
    // Still open: most of the 19.7 MB are on disk already, and memory kept only ~1 MiB.
    expect((await stat(p.pcapngPath)).size).toBeGreaterThan(300 * 65_535 * 0.9);
    expect((await stat(p.textPath)).size).toBeGreaterThan(300 * 65_535 * 2.5);
    stop();
    const summary = writer.close();
    expect(summary).toMatchObject({ entries: 600, packets: 600 });
    expect(writer.error).toBeUndefined();
    const text = await readFile(p.textPath, "utf8");
    expect(text.startsWith("# a comment line\n# APDU trace started ")).toBe(true);
    expect(text.trimEnd().split("\n").at(-1)).toBe("# 600 entries");
  });

  test("the streamed pcapng is byte for byte what traceToPcapng writes; the text has one line per entry", async () => {
    const p = await paths();
    const trace = new ApduTrace();
    const writer = TraceFileWriter.open({ ...p, startedAt: trace.startedAt });
    trace.subscribe((e) => writer.write(e));
    trace.event("card", "power-on", { bytes: fromHex("3BE000FF8131FE4514") });
    trace.command("card", fromHex("00A4040C0AD392F000260100000001"));
    trace.response("card", fromHex("9000"), 0.2);
    trace.command("card", fromHex("002000800431323334"));
    trace.response("card", fromHex("63C2"), 0.3);
    writer.close();
    const file = await readFile(p.pcapngPath);
    expect(Buffer.compare(file, Buffer.from(traceToPcapng(trace.entries, trace.startedAt)))).toBe(0);
    expect(file.includes(Buffer.from("1234"))).toBe(false);
    const text = await readFile(p.textPath, "utf8");
    for (const e of trace.entries) expect(text).toContain(formatTraceEntry(e));
    expect(text).not.toContain("31 32 33 34");
  });

  test("open fails at once on a path it cannot write (the caller names its flag)", () => {
    expect(() => TraceFileWriter.open({ pcapngPath: "/proc/nope/t.pcapng", startedAt: Date.now() })).toThrow();
  });
});
