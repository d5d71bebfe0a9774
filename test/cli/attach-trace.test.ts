import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { startAttach } from "./attach-harness.ts";

/** An extended command APDU of exactly 65,535 bytes (the largest vpcd frame) to an instruction the card refuses. */
function hugeCommand(): Uint8Array {
  const data = 65_535 - 7;
  const c = new Uint8Array(65_535).fill(0x55);
  c.set([0x00, 0xee, 0x00, 0x00, 0x00, data >> 8, data & 0xff]);
  return c;
}

describe("attach --trace streams to disk as the session goes", () => {
  test("300 frames of 65,535 bytes are on disk before the end; at the end only flushed and closed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "myna-attach-trace-"));
    const pcapng = join(dir, "session.pcapng");
    const s = await startAttach(["--device", "card", "--persona", "P0001", "--trace", pcapng]);
    const command = hugeCommand();
    for (let i = 0; i < 300; i++) expect((await s.vpcd.exchange(command, 5000)).length).toBe(2);
    // Still attached: the frames are in the file already.
    await new Promise((r) => setTimeout(r, 400));
    expect((await stat(pcapng)).size).toBeGreaterThan(300 * 65_535);
    expect(await s.stop()).toBe(0);
    const text = await readFile(join(dir, "session.txt"), "utf8");
    expect(text).toMatch(/^# tshark -r session\.pcapng/);
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/^# \d+ entries/);
    expect(text.split("\n").filter((l) => l.includes(" >> ")).length).toBe(300);
    expect(s.io.stderr()).toMatch(/trace: \d+ entries written to .*session\.pcapng \(and .*session\.txt\)/);
  }, 60_000);
});
