import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";
import { CommandApdu, fromHex, toHex } from "../../sim/apdu/index.ts";
import { JpkiFile } from "../../sim/jpki/index.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import { FakeVpcd } from "../support/fake-vpcd.ts";
import { fakeVpcdChannel } from "../support/fake-vpcd-channel.ts";
import { startAttach } from "./attach-harness.ts";
import { runBounded } from "./run-bounded.ts";

const CLI = fileURLToPath(new URL("../../bin/myna-hil.mjs", import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

/** One `myna-hil attach` process (a restart is a new process: nothing survives in memory). */
async function attachProcess(vpcd: FakeVpcd, args: string[]) {
  const child = spawn(process.execPath, [CLI, "attach", "--vpcd", `127.0.0.1:${vpcd.port}`, ...args]);
  children.push(child);
  let err = "";
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!err.includes("press Ctrl-C")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`attach did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await vpcd.waitForConnection(5000);
  return {
    client: new JpkiClient(fakeVpcdChannel(vpcd)),
    stderr: () => err,
    stop: async () => {
      child.kill("SIGINT");
      const code = await exit;
      await vpcd.waitForDisconnect(5000).catch(() => undefined);
      return code;
    },
  };
}

describe("attach --state DIR: the card's PIN counters outlive the process", () => {
  test("a PIN blocked in one attach is still blocked after a restart; another DIR is a fresh card", async () => {
    const state = mkdtempSync(join(tmpdir(), "myna-state-"));
    const vpcd = await FakeVpcd.start();
    try {
      const first = await attachProcess(vpcd, ["--device", "card", "--persona", "P0012", "--state", state]);
      await first.client.selectApplication();
      for (const [pin, left] of [["0000", 2], ["0001", 1], ["0002", 0]] as const) {
        expect(await first.client.verify(JpkiFile.AUTH_PIN, pin)).toMatchObject({ verified: false, triesLeft: left });
      }
      // One wrong signing password too: 4 of 5 tries left.
      expect(await first.client.verify(JpkiFile.SIGN_PIN, "WRONG1")).toMatchObject({ verified: false, triesLeft: 4 });
      expect(await first.stop()).toBe(0);
      expect(readdirSync(state).filter((f) => !f.endsWith(".json"))).toEqual([]);

      const second = await attachProcess(vpcd, ["--device", "card", "--persona", "P0012", "--state", state]);
      await second.client.selectApplication();
      expect(await second.client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: false, triesLeft: 0, blocked: true });
      expect(await second.client.triesLeft(JpkiFile.SIGN_PIN)).toBe(4);
      expect(await second.stop()).toBe(0);

      const fresh = await attachProcess(vpcd, ["--device", "card", "--persona", "P0012", "--state", mkdtempSync(join(tmpdir(), "myna-state-"))]);
      await fresh.client.selectApplication();
      expect(await fresh.client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
      expect(await fresh.stop()).toBe(0);
    } finally {
      await vpcd.close();
    }
  }, 120_000);

  test("a PIN changed with CHANGE REFERENCE DATA is the PIN after a restart; the file holds a salted digest, not the PIN", async () => {
    const state = mkdtempSync(join(tmpdir(), "myna-state-"));
    const vpcd = await FakeVpcd.start();
    const changeTo = (pin: string) => CommandApdu.parse(fromHex(`00240180 04 ${Buffer.from(pin, "ascii").toString("hex")}`));
    try {
      const first = await attachProcess(vpcd, ["--device", "card", "--persona", "P0011", "--state", state]);
      await first.client.selectApplication();
      expect(await first.client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
      expect(toHex((await first.client.send(changeTo("8642"))).encode())).toBe("9000");
      expect(await first.client.verify(JpkiFile.AUTH_PIN, "0000")).toMatchObject({ verified: false, triesLeft: 2 });
      expect(await first.stop()).toBe(0);
      const text = readFileSync(join(state, "card-P0011.json"), "utf8");
      expect(text).not.toContain("8642");
      expect(text).not.toContain(Buffer.from("8642").toString("hex"));
      expect(JSON.parse(text)).toMatchObject({ pins: { auth: 2 }, changedPins: { auth: { salt: expect.stringMatching(/^[0-9a-f]{32}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } } });

      const second = await attachProcess(vpcd, ["--device", "card", "--persona", "P0011", "--state", state]);
      await second.client.selectApplication();
      expect(await second.client.triesLeft(JpkiFile.AUTH_PIN)).toBe(2);
      expect(await second.client.verify(JpkiFile.AUTH_PIN, "1234")).toMatchObject({ verified: false, triesLeft: 1 });
      expect(await second.client.verify(JpkiFile.AUTH_PIN, "8642")).toEqual({ verified: true });
      expect(await second.client.triesLeft(JpkiFile.AUTH_PIN)).toBe(3);
      expect(await second.stop()).toBe(0);
    } finally {
      await vpcd.close();
    }
  }, 120_000);

  test("a phone keeps its own two counters (auth, sign) in <device>-<persona>.json", async () => {
    const state = mkdtempSync(join(tmpdir(), "myna-state-"));
    const s = await startAttach(["--device", "android", "--persona", "P0004", "--state", state]);
    expect(s.io.stderr()).toMatch(/state: .*android-P0004\.json \(new; tries left auth 3, sign 5\)/);
    expect(await s.stop()).toBe(0);
    const saved = JSON.parse(readFileSync(join(state, "android-P0004.json"), "utf8"));
    expect(saved).toMatchObject({ format: "myna-hil device state", version: 1, device: "android", persona: "P0004", pins: { auth: 3, sign: 5 } });
    expect(saved.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each([
    ["on procfs", () => "/proc/myna-hil-state"],
    ["through a file", () => join(writeTemp("x"), "sub")],
    ["empty", () => ""],
  ])("--state %s → exit 2 naming --state", async (_name, dir) => {
    const { code, stderr } = await runBounded(["attach", "--vpcd", "127.0.0.1:1", "--device", "card", "--state", dir()]);
    expect(stderr).toContain("error: --state");
    expect(code).toBe(2);
  });

  test("a state file that is not one → exit 2 naming --state and the file", async () => {
    const state = mkdtempSync(join(tmpdir(), "myna-state-"));
    writeFileSync(join(state, "card-P0012.json"), "{ not json");
    const { code, stderr } = await runBounded(["attach", "--vpcd", "127.0.0.1:1", "--device", "card", "--persona", "P0012", "--state", state]);
    expect(stderr).toMatch(/error: --state: .*card-P0012\.json/);
    expect(code).toBe(2);
  });
});

function writeTemp(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "myna-state-file-")), "file");
  writeFileSync(path, text);
  return path;
}
