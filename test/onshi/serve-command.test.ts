import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistry } from "../../cli/commands/command-registry.ts";
import { runCli } from "../../cli/run-cli.ts";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { captureIo } from "../cli/capture-io.ts";
import { parseBanner, startServeChild, until } from "./support/serve-child.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "onshi-serve-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

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

  it.each([
    ["a journal line with broken fields", "onshi-journal.jsonl", '{"type":"qualified","at":1}\n{"type":"opt-out","at":2,"facility":"1319000012"}\n', /onshi-journal\.jsonl: line 1 /],
    ["an empty facilities.json", "facilities.json", "[]", /facilities\.json: no facilities/],
    ["a facilities.json that is not JSON", "facilities.json", "{", /facilities\.json: is not valid JSON/],
  ])("refuses to start on %s: exit 2, naming the file", async (what, file, content, words) => {
    const data = path.join(dir, `damaged-${what.replaceAll(" ", "-")}`);
    await mkdir(data, { recursive: true });
    await writeFile(path.join(data, file), content);
    const io = captureIo();
    expect(await runCli(["serve", "onshi", "--port", "0", "--data", data], { io }, commandRegistry)).toBe(2);
    expect(io.stderr()).toMatch(words);
    expect(io.stderr()).not.toContain("internal error");
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
    const first = await startServeChild(data);
    const client = new OnshiClient({ baseUrl: first.banner.url, medicalInstitutionCode: first.banner.code, secret: first.banner.secret });
    await Promise.all(Array.from({ length: 25 }, () => client.queryInsurance(query)));
    first.child.kill("SIGKILL");
    await first.exited;

    const second = await startServeChild(data);
    expect(second.banner.code).toBe(first.banner.code); // the same test facilities, from the data directory
    const again = new OnshiClient({ baseUrl: second.banner.url, medicalInstitutionCode: second.banner.code, secret: second.banner.secret });
    expect((await again.usage()).onlineQualifications).toBe(25);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 60_000);
});
