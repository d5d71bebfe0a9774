import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/** SHA-256 of a string or bytes, hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 of a file, hex. */
export async function sha256File(file: string): Promise<string> {
  return sha256(await readFile(file));
}
