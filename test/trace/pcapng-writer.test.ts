import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fromHex } from "../../sim/apdu/hex.ts";
import { crcB, traceToPcapng } from "../../sim/trace/index.ts";
import { ApduTrace, TracingTransceiver } from "../../sim/trace/index.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

const run = promisify(execFile);

async function cardTrace(): Promise<ApduTrace> {
  const card = await freshCardRegistry().card("P0001");
  const trace = new ApduTrace();
  const client = new JpkiClient(new TracingTransceiver(new InProcessTransceiver(card), trace));
  await client.selectApplication();
  await client.verify(0x18, "1234");
  return trace;
}

describe("Wireshark-readable traces", () => {
  it("computes CRC_B with the ISO/IEC 14443-3 check value", () => {
    expect(crcB(new TextEncoder().encode("123456789"))).toBe(0x906e);
  });

  it("writes a pcapng section, an ISO 14443 interface and one packet per APDU, PIN bytes masked", async () => {
    const trace = await cardTrace();
    const file = traceToPcapng(trace.entries, trace.startedAt);
    const view = new DataView(file.buffer);
    expect(view.getUint32(0, true)).toBe(0x0a0d0d0a);
    expect(view.getUint32(8, true)).toBe(0x1a2b3c4d);
    const shbLength = view.getUint32(4, true);
    expect(view.getUint16(shbLength + 8, true)).toBe(264);
    // The PIN "1234" never appears; the VERIFY keeps its length with '*' in place of the digits.
    const hay = Buffer.from(file);
    expect(hay.includes(Buffer.from("1234"))).toBe(false);
    expect(hay.includes(Buffer.from(fromHex("00200080042A2A2A2A")))).toBe(true);
    expect(hay.includes(Buffer.from("****"))).toBe(true);
    const packets = trace.entries.filter((e) => e.direction !== "event").length;
    let count = 0;
    for (let at = 0; at < file.length; at += view.getUint32(at + 4, true)) if (view.getUint32(at, true) === 6) count++;
    expect(count).toBe(packets);
  });

  // Required with the hardware tier (CI installs tshark); elsewhere skipped when tshark is missing.
  it.skipIf(!existsSync("/usr/bin/tshark") && process.env.MYNA_HIL_REQUIRE_HARDWARE !== "1")("decodes as ISO 7816 in tshark (apt-get install tshark)", async () => {
    const trace = await cardTrace();
    const dir = await mkdtemp(join(tmpdir(), "myna-pcap-"));
    const path = join(dir, "trace.pcapng");
    await writeFile(path, traceToPcapng(trace.entries, trace.startedAt));
    const { stdout } = await run("tshark", ["-r", path, "-d", "iso14443.subdissector,iso7816", "-V"], { timeout: 30_000 });
    expect(stdout).toContain("ISO 7816");
    expect(stdout).toMatch(/Select/i);
  });
});
