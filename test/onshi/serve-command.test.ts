import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistry } from "../../cli/commands/command-registry.ts";
import { runCli } from "../../cli/run-cli.ts";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { captureIo } from "../cli/capture-io.ts";

const BIN = fileURLToPath(new URL("../../bin/myna-hil.mjs", import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "onshi-serve-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What `serve onshi` printed: its URL and the first facility's credentials. */
function parseBanner(text: string): { url: string; code: string; secret: string } | undefined {
  const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
  const facility = /^\s+(\d{10})\s+(\S+)\s+\S+/m.exec(text);
  return url === undefined || facility === null ? undefined : { url, code: facility[1] ?? "", secret: facility[2] ?? "" };
}

async function until<T>(probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

const query = { insurerNumber: "33120015", insuredIdentificationNumber: "1", birthdate: "19800401" };

describe("myna-hil serve onshi", () => {
  it("serves until stopped, printing the URL and the test facilities' credentials", async () => {
    const io = captureIo();
    const stop = new AbortController();
    const exit = runCli(["serve", "onshi", "--port", "0", "--data", path.join(dir, "in-process")], { io, signal: stop.signal }, commandRegistry);
    const banner = await until(() => parseBanner(io.stdout()));
    expect(io.stdout()).toMatch(/admin token/);
    const client = new OnshiClient({ baseUrl: banner.url, medicalInstitutionCode: banner.code, secret: banner.secret });
    expect((await client.queryInsurance(query)).processingResultStatus).toBe("1");
    expect((await client.usage()).onlineQualifications).toBe(1);
    stop.abort();
    expect(await exit).toBe(0);
    expect(io.stderr()).toMatch(/onshi stopped \(abort\); 1 writes journaled/);
  });

  it.each([
    [["serve", "onshi", "--port", "-1"], "--port"],
    [["serve", "onshi", "--port", "http"], "--port"],
    [["serve", "onshi", "--host", "not a host!"], "--host"],
    [["serve", "registry"], "unknown service"],
    [["serve"], "missing required argument"],
  ])("exits 2 on bad usage: %j", async (argv, words) => {
    const io = captureIo();
    expect(await runCli(argv, { io }, commandRegistry)).toBe(2);
    expect(io.stderr()).toContain(words);
  });

  it("exits 2 naming the flags when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const io = captureIo();
      expect(await runCli(["serve", "onshi", "--port", String(port), "--data", path.join(dir, "taken")], { io }, commandRegistry)).toBe(2);
      expect(io.stderr()).toContain("EADDRINUSE");
    } finally {
      blocker.close();
    }
  });

  it("loses nothing it acknowledged when the process is killed (SIGKILL), and stops cleanly on SIGTERM", async () => {
    const data = path.join(dir, "killed");
    const start = async (): Promise<{ child: ChildProcessWithoutNullStreams; banner: { url: string; code: string; secret: string } }> => {
      const child = spawn(process.execPath, [BIN, "serve", "onshi", "--port", "0", "--data", data], { stdio: "pipe" });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => void (out += chunk.toString()));
      child.stderr.on("data", () => undefined);
      const banner = await until(() => parseBanner(out), 30_000);
      return { child, banner };
    };
    const first = await start();
    const client = new OnshiClient({ baseUrl: first.banner.url, medicalInstitutionCode: first.banner.code, secret: first.banner.secret });
    await Promise.all(Array.from({ length: 25 }, () => client.queryInsurance(query)));
    const killed = new Promise((r) => first.child.once("exit", r));
    first.child.kill("SIGKILL");
    await killed;

    const second = await start();
    expect(second.banner.code).toBe(first.banner.code); // the same test facilities, from the data directory
    const again = new OnshiClient({ baseUrl: second.banner.url, medicalInstitutionCode: second.banner.code, secret: second.banner.secret });
    expect((await again.usage()).onlineQualifications).toBe(25);
    const exited = new Promise<number | null>((r) => second.child.once("exit", (code) => r(code)));
    second.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);
});
