import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { X509Certificate, verify as verifySignature } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { JpkiFile } from "../../sim/jpki/index.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { PcscTransceiver } from "../../sim/transport/pcsc-transceiver.ts";
import { describeHardware } from "../support/hardware-tier.ts";

const CLI = fileURLToPath(new URL("../../bin/myna-hil.mjs", import.meta.url));

/** Starts `myna-hil attach` and waits until it says the device is attached. */
async function attach(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, "attach", ...args]);
  let err = "";
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!err.includes("press Ctrl-C") && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`attach exited early: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, stderr: () => err, exit };
}

describeHardware("`myna-hil attach --device iphone|android` through the real pcscd", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const reader = status.vpcdReaders[slot] as string;
  const vpcd = `127.0.0.1:${35963 + slot}`;
  const cleanup: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  async function session(args: string[]) {
    const a = await attach(["--vpcd", vpcd, ...args]);
    const context = await PcscContext.open();
    const hosts: PcscTransceiver[] = [];
    cleanup.push(async () => {
      await Promise.all(hosts.map((h) => h.close().catch(() => undefined)));
      if (a.child.exitCode === null) a.child.kill("SIGINT");
      await a.exit;
      await context.waitForRemoval(reader, { timeoutMs: 10_000 }).catch(() => undefined);
      context.close();
    });
    const host = async () => {
      await context.waitForCard(reader, { timeoutMs: 10_000 });
      const h = await PcscTransceiver.connect(reader);
      hosts.push(h);
      return h;
    };
    return { ...a, context, host };
  }

  test("Android: read with its PIN, signature verifies; the PIN never reaches the log", async () => {
    const s = await session(["--device", "android", "--persona", "P0001", "--auth-pin", "8642"]);
    const client = new JpkiClient(await s.host());
    await client.selectApplication();
    await expect(client.readAuthCertificate()).rejects.toThrow(/6982/);
    expect(await client.verify(JpkiFile.AUTH_PIN, "8642")).toEqual({ verified: true });
    const der = await client.readAuthCertificate();
    const signature = await client.signWithAuthKey(Uint8Array.of(1, 2, 3));
    expect(verifySignature("sha256", Uint8Array.of(1, 2, 3), new X509Certificate(der).publicKey, signature)).toBe(true);
    expect(s.stderr()).not.toContain("8642");
  });

  test("iPhone: refused before the biometric act, read after it (SIGUSR1)", async () => {
    const s = await session(["--device", "iphone", "--persona", "P0002", "--biometric", "none"]);
    const client = new JpkiClient(await s.host());
    await client.selectApplication();
    await expect(client.readAuthCertificate()).rejects.toThrow(/6982/);
    // SIGUSR1 is the patient's Face ID act on the phone (b on a terminal).
    s.child.kill("SIGUSR1");
    const deadline = Date.now() + 10_000;
    while (!s.stderr().includes("authorised until") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(s.stderr()).toContain("Face ID: authorised until");
    expect((await client.readAuthCertificate()).length).toBeGreaterThan(500);
  });

  test("iPhone with Face ID: the phone is present only while held (--hold-ms), and a new tap (SIGUSR2) brings it back", async () => {
    const s = await session(["--device", "iphone", "--persona", "P0002", "--hold-ms", "2500"]);
    const client = new JpkiClient(await s.host());
    await client.selectApplication();
    expect((await client.readAuthCertificate()).length).toBeGreaterThan(500);
    await s.context.waitForRemoval(reader, { timeoutMs: 10_000 });
    s.child.kill("SIGUSR2");
    const again = new JpkiClient(await s.host());
    await again.selectApplication();
    expect((await again.readAuthCertificate()).length).toBeGreaterThan(500);
  });

  test("a child's card cannot be added to a phone: exit 2 with the reason", async () => {
    const child = spawn(process.execPath, [CLI, "attach", "--device", "android", "--persona", "P0009", "--vpcd", vpcd]);
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--persona P0009: the card cannot be added to a phone/);
  });
});
