import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

let counter = 0;

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder (so a reader never sees half a file; the
 * receipt computer polls the RES folder), fsync, rename over the target, fsync of the folder.
 * The temporary name starts with `.` and ends with `.tmp`, so folder watchers that match `OQS*.xml` ignore it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const file = await open(tmp, "wx");
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (e) {
    await file.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await file.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  const folder = await open(dir, "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
