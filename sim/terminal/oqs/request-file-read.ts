import { constants } from "node:fs";
import type { Stats } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { OqsRequestError } from "./oqs-request-error.ts";
import { MAX_REQUEST_BYTES } from "./oqs-request-xml.ts";

/** What a request file is, as `lstat` saw it (symlinks not followed). */
export interface RequestFileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** A request file's text and the identity it had when read. */
export interface RequestFileText extends RequestFileIdentity {
  text: string;
}

/** What kind of entry an lstat saw, in words, for anything but a regular file. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a file";
}

/** Throws {@link OqsRequestError} (E-FILE / E-SIZE) unless `stats` is a regular file within the size limit. */
function checkRegular(stats: Stats): void {
  if (!stats.isFile()) throw new OqsRequestError("E-FILE", "XmlMsg", `is ${kindOf(stats)}, not a regular file`);
  if (stats.size > MAX_REQUEST_BYTES) throw new OqsRequestError("E-SIZE", "XmlMsg", `file larger than ${MAX_REQUEST_BYTES} bytes`);
}

/**
 * Reads a request file safely: only a regular file, never through a symbolic link (lstat, then open with O_NOFOLLOW and
 * O_NONBLOCK, so neither a link out of the folder, a FIFO nor a device can make the read block or run on), its size
 * checked before reading and the read bounded by {@link MAX_REQUEST_BYTES}. Throws {@link OqsRequestError} for an entry
 * that is not a regular file (E-FILE) or too large (E-SIZE); other errors (the file vanished, no permission) are thrown
 * as they are. Resolves with undefined when the entry is gone.
 */
export async function readRequestFile(file: string): Promise<RequestFileText | undefined> {
  let seen: Stats;
  try {
    seen = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  checkRegular(seen);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw new OqsRequestError("E-FILE", "XmlMsg", "is a symbolic link, not a regular file");
    throw error;
  }
  try {
    const stats = await handle.stat();
    checkRegular(stats);
    const buffer = Buffer.alloc(MAX_REQUEST_BYTES + 1);
    let length = 0;
    // Bounded: at most MAX_REQUEST_BYTES + 1 bytes, and every turn reads at least one or ends.
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_REQUEST_BYTES) throw new OqsRequestError("E-SIZE", "XmlMsg", `file larger than ${MAX_REQUEST_BYTES} bytes`);
    return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, text: buffer.subarray(0, length).toString("utf8") };
  } finally {
    await handle.close();
  }
}

/** The lstat identity of an entry, or undefined when it is gone. */
export async function requestFileIdentity(file: string): Promise<RequestFileIdentity | undefined> {
  try {
    const stats = await lstat(file);
    return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Whether two identities are the same file, unchanged. */
export function sameIdentity(a: RequestFileIdentity | undefined, b: RequestFileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
