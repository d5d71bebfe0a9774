import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Libraries whose versions a certification names (the ones on the read path and in the reports). */
const LIBRARIES = ["zod", "fast-xml-parser", "hono", "@hono/node-server", "ws", "@peculiar/x509", "smartcard", "sockopt"] as const;

function run(command: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, [...args], { timeout: 3000 }, (error, stdout, stderr) => {
      const text = `${stdout}\n${stderr}`.trim();
      resolve(error && text.length === 0 ? undefined : (text.split("\n").find((l) => /\d+\.\d+/.test(l)) ?? text.split("\n")[0])?.trim());
    });
  });
}

async function packageVersion(dir: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Versions of every component: myna-hil, Node, the libraries, pcscd and OpenSC when present (`absent` otherwise). */
export async function componentVersions(root: string): Promise<Record<string, string>> {
  const versions: Record<string, string> = { "myna-hil": (await packageVersion(root)) ?? "unknown", node: process.version };
  for (const lib of LIBRARIES) versions[lib] = (await packageVersion(join(root, "node_modules", lib))) ?? "absent";
  versions.pcscd = (await run("pcscd", ["--version"])) ?? "absent";
  versions.opensc = (await run("opensc-tool", ["--info"])) ?? "absent";
  return versions;
}
