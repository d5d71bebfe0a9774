import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeHardware } from "../support/hardware-tier.ts";

const run = promisify(execFile);
const CLI = fileURLToPath(new URL("../../bin/myna-hil.mjs", import.meta.url));

/** Runs an outside tool with a time limit; resolves with its output whatever the exit code. */
async function tool(cmd: string, args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { timeout: 20_000 });
    return { out: stdout + stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { out: `${err.stdout ?? ""}${err.stderr ?? ""}`, code: typeof err.code === "number" ? err.code : -1 };
  }
}

describeHardware("clients nobody here wrote, against `myna-hil attach --device card`", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const reader = status.vpcdReaders[slot] as string;
  let child: ChildProcessWithoutNullStreams;
  let stderr = "";
  let exit: Promise<number | null>;
  let tracePath: string;

  beforeAll(async () => {
    tracePath = join(await mkdtemp(join(tmpdir(), "myna-attach-")), "attach.pcapng");
    child = spawn(process.execPath, [CLI, "attach", "--device", "card", "--persona", "P0004", "--vpcd", `127.0.0.1:${35963 + slot}`, "--trace", tracePath]);
    exit = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const deadline = Date.now() + 30_000;
    while (!stderr.includes("press Ctrl-C") && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`attach exited early: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stderr).toContain("press Ctrl-C");
    // Let pcscd notice the insertion.
    await tool("opensc-tool", ["--reader", reader, "--wait", "--atr"]);
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGINT");
    await exit;
  });

  test("opensc-tool sees the card, its ATR and names it with its jpki driver", async () => {
    const atr = await tool("opensc-tool", ["--reader", reader, "--atr"]);
    expect(atr.out).toContain("3b:e0:00:ff:81:31:fe:45:14");
    const name = await tool("opensc-tool", ["--reader", reader, "--name"]);
    expect(name.out).toMatch(/^jpki$/m);
  });

  test("pkcs15-tool lists the JPKI certificates through OpenSC's pkcs15-jpki emulator", async () => {
    const r = await tool("pkcs15-tool", ["--reader", reader, "--list-certificates"]);
    expect(r.out).toContain("User Authentication Certificate");
    expect(r.out).toMatch(/Path\s*:\s*000a/);
  });

  test("pcsc_scan reports the card in its reader", async () => {
    const r = await tool("pcsc_scan", ["-c", "-t", "1"]);
    expect(r.out).toContain(reader);
    expect(r.out).toContain("3B E0 00 FF 81 31 FE 45 14");
  });

  test("attach ends cleanly on SIGINT and reports how many APDUs it served", async () => {
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(stderr).toMatch(/removed card P0004 \(SIGINT\); \d+ APDUs served/);
    // The auth PIN never reaches the log.
    expect(stderr).not.toContain("1234");
    // --trace: what the outside tools sent, as pcapng and text.
    const pcap = await readFile(tracePath);
    expect(pcap.readUInt32LE(0)).toBe(0x0a0d0d0a);
    const text = await readFile(tracePath.replace(/\.pcapng$/, ".txt"), "utf8");
    expect(text).toContain("00 A4 04");
    expect(text).toContain("iso14443.subdissector,iso7816");
  });
});
