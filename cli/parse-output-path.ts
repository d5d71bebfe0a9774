import { randomBytes } from "node:crypto";
import { access, constants, mkdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UsageError } from "./cli-error.ts";
import { pseudoFileSystemOf } from "./pseudo-file-system.ts";

/**
 * The one validator of every path flag a command writes to (`run --out`, `serve --data`, `attach --trace`,
 * `attach --state`). It runs before any work, so a bad path ends the command at once with exit 2 and a message that
 * names the flag (docs/architecture.md, "Command-line contract") — never a spin, never `internal error: ENOTDIR` after
 * a finished session.
 */

function codeOf(error: unknown): string {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "error";
}

function quoted(path: string): string {
  return JSON.stringify(path);
}

/** The path's deepest folder that exists, and the components below it that do not, outermost first. */
async function existingAncestor(path: string, flag: string): Promise<{ existing: string; missing: string[] }> {
  const missing: string[] = [];
  let current = path;
  // Bounded by the path's depth: every turn moves one folder up, and the root is its own parent.
  for (;;) {
    try {
      const info = await stat(current);
      if (info.isDirectory()) return { existing: current, missing };
      throw new UsageError(current === path ? `${flag}: ${quoted(path)} is a file, not a folder` : `${flag}: ${quoted(path)} goes through ${quoted(current)}, which is a file, not a folder`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = codeOf(error);
      if (code === "ENOTDIR") {
        // A component further up is a file: keep climbing to name it.
      } else if (code !== "ENOENT") {
        throw new UsageError(`${flag}: cannot look at ${quoted(current)} (${code})`, { cause: error });
      }
      const parent = dirname(current);
      if (parent === current) throw new UsageError(`${flag}: no part of ${quoted(path)} exists`);
      missing.unshift(current);
      current = parent;
    }
  }
}

async function refusePseudoFileSystem(existing: string, path: string, flag: string): Promise<void> {
  const pseudo = await pseudoFileSystemOf(existing);
  if (pseudo !== undefined) throw new UsageError(`${flag}: ${quoted(path)} is on ${pseudo}, a pseudo file system of the kernel; choose a folder on a disk`);
}

/** Writes and removes a probe file in `folder`: the only check that also holds for root, read-only mounts and ACLs. */
async function probeWritable(folder: string, path: string, flag: string): Promise<void> {
  const probe = resolve(folder, `.myna-hil-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(probe, "", { flag: "wx" });
  } catch (error) {
    throw new UsageError(`${flag}: cannot write in ${quoted(folder)} (${codeOf(error)})${folder === path ? "" : ` for ${quoted(path)}`}`, { cause: error });
  }
  await unlink(probe).catch(() => undefined);
}

/**
 * Checks a folder flag and creates the folder (and missing parents, one by one) when it does not exist yet.
 * Refuses an empty value, a path through a file, a pseudo file system (procfs, sysfs…) and a folder it cannot write in.
 *
 * @param value - the raw flag value
 * @param flag - the flag as the user typed it, e.g. `--out`; it starts every error message
 * @returns the absolute path of the folder, which exists and is writable
 */
export async function parseOutputDirectory(value: string, flag: string): Promise<string> {
  if (value.trim() === "") throw new UsageError(`${flag}: must name a folder, got ${quoted(value)}`);
  const path = resolve(value);
  const { existing, missing } = await existingAncestor(path, flag);
  await refusePseudoFileSystem(existing, path, flag);
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (codeOf(error) !== "EEXIST") throw new UsageError(`${flag}: cannot create ${quoted(folder)} (${codeOf(error)})`, { cause: error });
    }
  }
  await probeWritable(path, path, flag);
  return path;
}

/**
 * Checks a file flag before any work: the folder it is in must exist (it is not created: a typo in a folder should not
 * grow a tree), must not be on a pseudo file system and must be writable; the file, when it exists, must not be a
 * folder and must be writable. `companions` are further files written beside it (e.g. a trace's `.txt`), checked alike.
 *
 * @param value - the raw flag value
 * @param flag - the flag as the user typed it, e.g. `--trace`; it starts every error message
 * @returns the absolute path of the file
 */
export async function parseOutputFile(value: string, flag: string, companions: (path: string) => readonly string[] = () => []): Promise<string> {
  if (value.trim() === "") throw new UsageError(`${flag}: must name a file, got ${quoted(value)}`);
  const path = resolve(value);
  for (const file of [path, ...companions(path)]) await checkWritableFile(file, path, flag);
  return path;
}

async function checkWritableFile(file: string, named: string, flag: string): Promise<void> {
  const folder = dirname(file);
  const { existing, missing } = await existingAncestor(folder, flag);
  if (missing.length > 0) throw new UsageError(`${flag}: the folder ${quoted(missing[0] as string)} does not exist (for ${quoted(named)})`);
  await refusePseudoFileSystem(existing, named, flag);
  let exists = true;
  try {
    if ((await stat(file)).isDirectory()) throw new UsageError(`${flag}: ${quoted(file)} is a folder; name a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (codeOf(error) !== "ENOENT") throw new UsageError(`${flag}: cannot look at ${quoted(file)} (${codeOf(error)})`, { cause: error });
    exists = false;
  }
  if (!exists) {
    await probeWritable(folder, named, flag);
    return;
  }
  try {
    await access(file, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${flag}: cannot write ${quoted(file)} (${codeOf(error)})`, { cause: error });
  }
}
