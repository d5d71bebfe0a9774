import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { KeyStore } from "../../sim/pki/key-store.ts";

/** A fresh temp directory for key files, and how to remove it. */
export async function temporaryDirectory(): Promise<{ directory: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), "myna-hil-pki-"));
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** A KeyStore on a fresh temp directory (one per test file keeps the suite fast and isolated). */
export async function temporaryKeyStore(): Promise<{ keyStore: KeyStore; directory: string; remove: () => Promise<void> }> {
  const { directory, remove } = await temporaryDirectory();
  return { keyStore: new KeyStore({ directory }), directory, remove };
}
