import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DoctorEnvironment } from "../../../cli/doctor/doctor-environment.ts";
import { FixCommand } from "../../../cli/doctor/fix-commands.ts";
import { nodeVersionCheck } from "../../../cli/doctor/node-version-check.ts";
import { optionalToolCheck } from "../../../cli/doctor/optional-tool-check.ts";
import { pcscdBinaryCheck } from "../../../cli/doctor/pcscd-binary-check.ts";
import { pcscdRunningCheck } from "../../../cli/doctor/pcscd-running-check.ts";
import { smartcardBindingCheck } from "../../../cli/doctor/smartcard-binding-check.ts";
import { sockoptCheck } from "../../../cli/doctor/sockopt-check.ts";
import { vpcdDriverCheck } from "../../../cli/doctor/vpcd-driver-check.ts";
import { vpcdExposureCheck } from "../../../cli/doctor/vpcd-exposure-check.ts";
import { vpcdListeningCheck } from "../../../cli/doctor/vpcd-listening-check.ts";
import type { FixtureTree } from "./fixture-tree.ts";
import { fixture, fixtureEnvironment, makeFixtureTree, vpcdEntry } from "./fixture-tree.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tree(files: Parameters<typeof makeFixtureTree>[0] = {}): Promise<FixtureTree> {
  const made = await makeFixtureTree(files);
  cleanups.push(() => made.remove());
  return made;
}

/** A proc tree from one of the /proc/net fixtures, plus processes `{ pid: [comm, ...args] }`. */
async function procFiles(netFixture: string, processes: Record<number, string[]> = {}): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    "proc/net/tcp": await fixture(`${netFixture}/net/tcp`),
    "proc/net/tcp6": await fixture(`${netFixture}/net/tcp6`),
  };
  for (const [pid, args] of Object.entries(processes)) {
    files[`proc/${pid}/comm`] = `${args[0] ?? ""}\n`;
    files[`proc/${pid}/cmdline`] = `${args.join("\0")}\0`;
  }
  return files;
}

/** Listens on a real Unix socket at `path`, as pcscd does. */
async function unixSocket(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(path, resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
}

describe("node version", () => {
  const run = (nodeVersion: string) => nodeVersionCheck.run({ nodeVersion } as DoctorEnvironment);
  it("accepts 20.19 and later majors, rejects 20.18 with the fix", async () => {
    expect((await run("20.19.0")).status).toBe("ok");
    expect((await run("22.1.0")).status).toBe("ok");
    const old = await run("20.18.3");
    expect(old).toMatchObject({ status: "missing", fix: FixCommand.installNode });
    expect(old.detail).toContain("20.18.3");
  });
});

describe("pcscd installed", () => {
  it("finds an executable candidate", async () => {
    const t = await tree({ "usr/sbin/pcscd": { content: "#!/bin/sh\n", mode: 0o755 } });
    expect(await pcscdBinaryCheck.run(fixtureEnvironment(t))).toEqual({ status: "ok", detail: t.path("usr/sbin/pcscd") });
  });

  it("finds it on PATH, but not a non-executable file", async () => {
    const t = await tree({ "bin/pcscd": { content: "#!/bin/sh\n", mode: 0o755 }, "usr/sbin/pcscd": "not executable" });
    expect((await pcscdBinaryCheck.run(fixtureEnvironment(t))).detail).toBe(t.path("bin/pcscd"));
  });

  it("missing → apt-get install pcscd", async () => {
    const outcome = await pcscdBinaryCheck.run(fixtureEnvironment(await tree()));
    expect(outcome).toMatchObject({ status: "missing", fix: "apt-get install -y pcscd" });
  });
});

describe("pcscd running", () => {
  it("ok with a pcscd process and its socket", async () => {
    const t = await tree(await procFiles("proc-listening", { 4242: ["pcscd", "--foreground"], 7: ["bash"] }));
    await unixSocket(t.path("run/pcscd/pcscd.comm"));
    const outcome = await pcscdRunningCheck.run(fixtureEnvironment(t));
    expect(outcome.status).toBe("ok");
    expect(outcome.detail).toContain("pid 4242 (pcscd --foreground)");
  });

  it("missing when neither process nor socket exist, with the start command", async () => {
    const t = await tree(await procFiles("proc-idle", { 7: ["bash"] }));
    expect(await pcscdRunningCheck.run(fixtureEnvironment(t))).toMatchObject({ status: "missing", fix: FixCommand.startPcscd });
  });

  it("a regular file at the socket path is not a socket", async () => {
    const t = await tree({ ...(await procFiles("proc-idle")), "run/pcscd/pcscd.comm": "" });
    expect((await pcscdRunningCheck.run(fixtureEnvironment(t))).status).toBe("missing");
  });

  it("warns on a socket without a visible process, and on --auto-exit", async () => {
    const stale = await tree(await procFiles("proc-idle"));
    await unixSocket(stale.path("pcscd.comm"));
    const env = fixtureEnvironment(stale, { pcscdSocket: stale.path("pcscd.comm") });
    expect(await pcscdRunningCheck.run(env)).toMatchObject({ status: "warn", fix: expect.stringContaining("rm -f") });

    const autoExit = await tree(await procFiles("proc-idle", { 99: ["pcscd", "-f", "-x"] }));
    await unixSocket(autoExit.path("pcscd.comm"));
    const outcome = await pcscdRunningCheck.run(fixtureEnvironment(autoExit, { pcscdSocket: autoExit.path("pcscd.comm") }));
    expect(outcome.status).toBe("warn");
    expect(outcome.detail).toContain("auto-exit");
  });
});

describe("vpcd driver", () => {
  it("ok: prints FRIENDLYNAME and CHANNELID", async () => {
    const t = await tree({ "lib/libifdvpcd.so": "ELF", "etc/reader.conf.d/libccidtwin": await fixture("reader.conf.d/libccidtwin") });
    await makeEntry(t, "etc/reader.conf.d/vpcd", vpcdEntry(t));
    const outcome = await vpcdDriverCheck.run(fixtureEnvironment(t));
    expect(outcome.status).toBe("ok");
    expect(outcome.detail).toContain('FRIENDLYNAME "Virtual PCD"');
    expect(outcome.detail).toContain("CHANNELID 0x8C7B");
    expect(outcome.detail).toContain("35963");
  });

  it("missing reader.conf.d → install vsmartcard-vpcd", async () => {
    const outcome = await vpcdDriverCheck.run(fixtureEnvironment(await tree()));
    expect(outcome.status).toBe("missing");
    expect(outcome.fix).toContain("apt-get install -y vsmartcard-vpcd");
  });

  it("missing when the LIBPATH it names does not exist, with the reinstall fix", async () => {
    const t = await tree();
    await makeEntry(t, "etc/reader.conf.d/vpcd", vpcdEntry(t)); // lib/libifdvpcd.so not created
    const outcome = await vpcdDriverCheck.run(fixtureEnvironment(t));
    expect(outcome).toMatchObject({ status: "missing", fix: "apt-get install -y --reinstall vsmartcard-vpcd" });
    expect(outcome.detail).toContain("does not exist");
  });

  it("warns about a second vpcd entry (pcscd then detects no card)", async () => {
    const t = await tree({ "lib/libifdvpcd.so": "ELF" });
    await makeEntry(t, "etc/reader.conf.d/vpcd", vpcdEntry(t));
    await makeEntry(t, "etc/reader.conf.d/vpcd2", vpcdEntry(t, "0x8C7D", "Second"));
    expect((await vpcdDriverCheck.run(fixtureEnvironment(t))).status).toBe("warn");
  });
});

describe("vpcd listening (reads /proc/net/tcp only)", () => {
  it("ok when both slot ports listen on all interfaces", async () => {
    const t = await tree(await procFiles("proc-listening"));
    expect(await vpcdListeningCheck.run(fixtureEnvironment(t))).toEqual({ status: "ok", detail: "0.0.0.0:35963, 0.0.0.0:35964" });
  });

  it("ok on loopback, IPv4 and IPv6 mixed", async () => {
    const t = await tree(await procFiles("proc-loopback"));
    expect(await vpcdListeningCheck.run(fixtureEnvironment(t))).toEqual({ status: "ok", detail: "127.0.0.1:35963, [::1]:35964" });
  });

  it("missing when nothing listens, with the fix", async () => {
    const t = await tree(await procFiles("proc-idle"));
    const outcome = await vpcdListeningCheck.run(fixtureEnvironment(t));
    expect(outcome.status).toBe("missing");
    expect(outcome.detail).toContain("nothing listens on port 35963");
    expect(outcome.fix).toContain(FixCommand.startPcscd);
  });

  it("missing when /proc/net files are absent", async () => {
    expect((await vpcdListeningCheck.run(fixtureEnvironment(await tree()))).status).toBe("missing");
  });

  it("follows the port of the vpcd entry", async () => {
    const t = await tree({ ...(await procFiles("proc-listening")), "lib/libifdvpcd.so": "ELF" });
    await makeEntry(t, "etc/reader.conf.d/vpcd", vpcdEntry(t, "0x9000"));
    expect((await vpcdListeningCheck.run(fixtureEnvironment(t))).detail).toContain("nothing listens on port 36864");
  });
});

describe("vpcd exposure", () => {
  it("warns when vpcd listens on all interfaces, with a firewall command", async () => {
    const t = await tree(await procFiles("proc-listening"));
    const outcome = await vpcdExposureCheck.run(fixtureEnvironment(t));
    expect(outcome.status).toBe("warn");
    expect(outcome.detail).toContain("all interfaces (0.0.0.0:35963, 0.0.0.0:35964)");
    expect(outcome.fix).toBe("iptables -I INPUT -p tcp --dport 35963:35964 ! -i lo -j DROP");
  });

  it("ok when loopback only", async () => {
    const t = await tree(await procFiles("proc-loopback"));
    expect((await vpcdExposureCheck.run(fixtureEnvironment(t))).status).toBe("ok");
  });
});

describe("native packages", () => {
  it("smartcard: missing with the libpcsclite-dev + npm ci fix when the import fails", async () => {
    const outcome = await smartcardBindingCheck.run(fixtureEnvironment(await tree()));
    expect(outcome.status).toBe("missing");
    expect(outcome.detail).toContain("Cannot find package 'smartcard'");
    expect(outcome.fix).toContain("libpcsclite-dev");
    expect(outcome.fix).toContain("npm ci");
    expect(outcome.fix).toContain("allowScripts");
  });

  it("smartcard: ok when the module exports Context, missing when it loads without it", async () => {
    const t = await tree();
    const ok = await smartcardBindingCheck.run(fixtureEnvironment(t, { importModule: async () => ({ Context: class {} }) }));
    expect(ok.status).toBe("ok");
    const hollow = await smartcardBindingCheck.run(fixtureEnvironment(t, { importModule: async () => ({}) }));
    expect(hollow.status).toBe("missing");
  });

  it("sockopt: only a warning, naming the latency cost", async () => {
    const outcome = await sockoptCheck.run(fixtureEnvironment(await tree()));
    expect(outcome.status).toBe("warn");
    expect(outcome.detail).toContain("TCP_QUICKACK");
    const ok = await sockoptCheck.run(fixtureEnvironment(await tree(), { importModule: async () => ({ default: { setsockopt: () => 0 } }) }));
    expect(ok.status).toBe("ok");
  });
});

describe("optional tools", () => {
  it("warns with the Debian package when a tool is not on PATH", async () => {
    const check = optionalToolCheck("pcsc_scan", "pcsc-tools", "watch readers");
    const t = await tree({ "bin/opensc-tool": { content: "", mode: 0o755 } });
    expect(await check.run(fixtureEnvironment(t))).toMatchObject({ status: "warn", fix: "apt-get install -y pcsc-tools" });
    expect((await optionalToolCheck("opensc-tool", "opensc", "x").run(fixtureEnvironment(t))).status).toBe("ok");
  });
});

async function makeEntry(t: FixtureTree, relative: string, content: string): Promise<void> {
  await mkdir(dirname(t.path(relative)), { recursive: true });
  await writeFile(t.path(relative), content);
}
