import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { join } from "node:path";

/** The first of `candidates`, then of `<dir>/<name>` for each `searchPath` dir, that is an executable file; `undefined` if none. */
export async function findExecutable(name: string, searchPath: readonly string[], candidates: readonly string[] = []): Promise<string | undefined> {
  for (const path of [...candidates, ...searchPath.map((dir) => join(dir, name))]) {
    if (await isExecutableFile(path)) return path;
  }
  return undefined;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
