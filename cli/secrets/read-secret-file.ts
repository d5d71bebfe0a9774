import { readFile, stat } from "node:fs/promises";
import { UsageError } from "../cli-error.ts";

/** A secret file holds one short line; anything bigger is not one (and is not read into memory). */
const MAX_BYTES = 1024;

/** What {@link readSecretFile} found. */
export interface SecretFile {
  readonly value: string;
  /** True when the file can be read by others than its owner (mode bits 077): worth a warning. */
  readonly readableByOthers: boolean;
}

function codeOf(error: unknown): string {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "error";
}

/**
 * Reads a secret from a file (`--auth-pin-file F`): one line, a final newline (`\n` or `\r\n`) allowed. Errors name
 * `flag` and the path, never the content.
 */
export async function readSecretFile(path: string, flag: string): Promise<SecretFile> {
  const where = `${flag} ${JSON.stringify(path)}`;
  if (path.trim() === "") throw new UsageError(`${flag}: must name a file, got ""`);
  let mode: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`${where}: not a regular file`);
    if (info.size > MAX_BYTES) throw new UsageError(`${where}: ${info.size} bytes; a secret file holds one short line`);
    mode = info.mode;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${where}: cannot read it (${codeOf(error)})`, { cause: error });
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`${where}: cannot read it (${codeOf(error)})`, { cause: error });
  }
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new UsageError(`${where}: the file is empty`);
  if (/[\r\n]/.test(value)) throw new UsageError(`${where}: the secret must be on one line`);
  return { value, readableByOthers: (mode & 0o077) !== 0 };
}
