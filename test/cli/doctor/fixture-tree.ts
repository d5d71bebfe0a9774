import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { DoctorEnvironment } from "../../../cli/doctor/doctor-environment.ts";

/** Static fixtures of test/cli/fixtures (real /proc/net/tcp and reader.conf.d text captured on a Debian machine). */
export const fixturesDir = new URL("../fixtures/", import.meta.url).pathname;

/** Reads a file of test/cli/fixtures. */
export async function fixture(path: string): Promise<string> {
  return readFile(join(fixturesDir, path), "utf8");
}

/** A temporary directory tree; `files` maps relative paths to contents (`{ mode }` entries make executables). */
export interface FixtureTree {
  readonly root: string;
  path(relative: string): string;
  remove(): Promise<void>;
}

export async function makeFixtureTree(files: Record<string, string | { content: string; mode: number }>): Promise<FixtureTree> {
  const root = await mkdtemp(join(tmpdir(), "myna-hil-doctor-"));
  for (const [relative, spec] of Object.entries(files)) {
    const path = join(root, relative);
    await mkdir(dirname(path), { recursive: true });
    const { content, mode } = typeof spec === "string" ? { content: spec, mode: 0o644 } : spec;
    await writeFile(path, content);
    await chmod(path, mode);
  }
  return { root, path: (relative) => join(root, relative), remove: () => rm(root, { recursive: true, force: true }) };
}

/** An environment where every path points into `tree` (nothing of the real machine leaks in). */
export function fixtureEnvironment(tree: FixtureTree, overrides: Partial<DoctorEnvironment> = {}): DoctorEnvironment {
  return {
    nodeVersion: "20.19.0",
    searchPath: [tree.path("bin")],
    pcscdCandidates: [tree.path("usr/sbin/pcscd")],
    pcscdSocket: tree.path("run/pcscd/pcscd.comm"),
    procDir: tree.path("proc"),
    readerConfDir: tree.path("etc/reader.conf.d"),
    importModule: async (specifier) => {
      throw new Error(`Cannot find package '${specifier}' imported from the fixture`);
    },
    ...overrides,
  };
}

/** A reader.conf vpcd entry whose LIBPATH is inside `tree` (the real one is in /usr/lib/pcsc, absent on fresh CI machines). */
export function vpcdEntry(tree: FixtureTree, port = "0x8C7B", friendlyName = "Virtual PCD"): string {
  return `FRIENDLYNAME "${friendlyName}"\nDEVICENAME   /dev/null:${port}\nLIBPATH      ${tree.path("lib/libifdvpcd.so")}\nCHANNELID    ${port}\n`;
}
