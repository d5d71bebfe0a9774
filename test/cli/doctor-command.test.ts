import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { registerDoctorCommand } from "../../cli/commands/doctor-command.ts";
import type { DoctorEnvironment } from "../../cli/doctor/doctor-environment.ts";
import { runCli } from "../../cli/run-cli.ts";
import { captureIo } from "./capture-io.ts";
import type { FixtureTree } from "./doctor/fixture-tree.ts";
import { fixture, fixtureEnvironment, makeFixtureTree, vpcdEntry } from "./doctor/fixture-tree.ts";

let tree: FixtureTree | undefined;
afterEach(async () => {
  await tree?.remove();
  tree = undefined;
});

async function doctor(argv: string[], env: (t: FixtureTree) => DoctorEnvironment) {
  const io = captureIo();
  const t = tree ?? (tree = await makeFixtureTree({}));
  const code = await runCli(["doctor", ...argv], { io }, [(program, context) => registerDoctorCommand(program, context, env(t))]);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("myna-hil doctor", () => {
  it("on an empty machine: exit 1, every required item missing with its fix", async () => {
    const { code, stdout, stderr } = await doctor([], (t) => fixtureEnvironment(t));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}missing +pcscd installed +no pcscd/m);
    expect(stdout).toContain("fix: apt-get install -y pcscd");
    expect(stdout).toContain("fix: apt-get install -y vsmartcard-vpcd");
    expect(stdout).toMatch(/^ {2}warn +sockopt/m);
    expect(stdout).toContain("NOT ready");
    expect(stderr).toContain("required item(s) missing");
  });

  it("--json: the report shape, one entry per check, parseable stdout only", async () => {
    const { code, stdout } = await doctor(["--json"], (t) => fixtureEnvironment(t));
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(["checks", "counts", "ok"]);
    expect(report["ok"]).toBe(false);
    const checks = report["checks"] as Array<Record<string, unknown>>;
    expect(checks.map((c) => c["id"])).toEqual([
      "node-version",
      "pcscd-binary",
      "pcscd-running",
      "vpcd-driver",
      "vpcd-listening",
      "vpcd-exposure",
      "smartcard-binding",
      "sockopt",
      "tool-opensc-tool",
      "tool-pkcs15-tool",
      "tool-pcsc_scan",
    ]);
    for (const check of checks) {
      expect(check).toEqual({
        id: expect.any(String),
        title: expect.any(String),
        required: expect.any(Boolean),
        status: expect.stringMatching(/^(ok|missing|warn)$/),
        detail: expect.any(String),
        ...(check["status"] === "ok" ? {} : { fix: expect.any(String) }),
      });
      if (!check["required"]) expect(check["status"]).not.toBe("missing");
    }
    const counts = report["counts"] as Record<string, number>;
    expect(counts["ok"]! + counts["missing"]! + counts["warn"]!).toBe(checks.length);
  });

  it("exit 0 when everything required is present (warnings allowed)", async () => {
    tree = await makeFixtureTree({
      "usr/sbin/pcscd": { content: "", mode: 0o755 },
      "lib/libifdvpcd.so": "ELF",
      "proc/net/tcp": await fixture("proc-listening/net/tcp"),
      "proc/net/tcp6": await fixture("proc-listening/net/tcp6"),
      "proc/4242/comm": "pcscd\n",
      "proc/4242/cmdline": "pcscd\0--foreground\0",
    });
    const t = tree;
    await mkdir(t.path("etc/reader.conf.d"), { recursive: true });
    await writeFile(t.path("etc/reader.conf.d/vpcd"), vpcdEntry(t));
    const server = createServer();
    await mkdir(t.path("run/pcscd"), { recursive: true });
    await new Promise<void>((resolve) => server.listen(t.path("run/pcscd/pcscd.comm"), resolve));
    try {
      const { code, stdout } = await doctor(["--json"], (tt) =>
        fixtureEnvironment(tt, { importModule: async (name) => (name === "smartcard" ? { Context: class {} } : { setsockopt: () => 0 }) }),
      );
      const report = JSON.parse(stdout) as { ok: boolean; checks: Array<{ id: string; status: string }> };
      expect(report.checks.filter((c) => c.status === "missing")).toEqual([]);
      expect(report.ok).toBe(true);
      expect(code).toBe(0);
      expect(report.checks.find((c) => c.id === "vpcd-exposure")?.status).toBe("warn");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
