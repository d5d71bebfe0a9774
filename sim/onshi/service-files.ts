import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FacilityCredentials } from "./facility-directory.ts";

/** The files a service keeps in its data directory. */
export const SERVICE_FILES = {
  /** The append-only journal of accepted writes. */
  journal: "onshi-journal.jsonl",
  /** The key challenges are derived from (so challenges issued before a restart still check after it). */
  challengeKey: "challenge.key",
  /** The facilities `myna-hil serve onshi` created for local use (test credentials). */
  facilities: "facilities.json",
} as const;

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes through a temporary file and a rename, mode 0600. */
async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temporary, data, { mode: 0o600, flush: true });
  await rename(temporary, file);
}

/** The challenge key of a data directory, created (32 random bytes) on first use. */
export async function loadOrCreateChallengeKey(dataDir: string): Promise<Uint8Array> {
  const file = path.join(dataDir, SERVICE_FILES.challengeKey);
  const existing = await readIfPresent(file);
  if (existing !== undefined && existing.length >= 32) return new Uint8Array(existing);
  const key = randomBytes(32);
  await writeAtomically(file, key);
  return new Uint8Array(key);
}

/**
 * The facilities of a data directory: read from `facilities.json`, or created by `create` and saved on first use,
 * so the same test credentials (and the counts journaled under their codes) survive restarts.
 */
export async function loadOrCreateFacilities(dataDir: string, create: () => FacilityCredentials[]): Promise<FacilityCredentials[]> {
  const file = path.join(dataDir, SERVICE_FILES.facilities);
  const existing = await readIfPresent(file);
  if (existing !== undefined) {
    const parsed: unknown = JSON.parse(existing.toString("utf8"));
    if (!Array.isArray(parsed)) throw new TypeError(`${file}: expected an array of facilities`);
    return parsed.map((f: unknown, i) => {
      const { medicalInstitutionCode, secret, name } = (f ?? {}) as Partial<FacilityCredentials>;
      if (typeof medicalInstitutionCode !== "string" || typeof secret !== "string" || typeof name !== "string") {
        throw new TypeError(`${file}: facility ${i} needs medicalInstitutionCode, secret and name (strings)`);
      }
      return { medicalInstitutionCode, secret, name };
    });
  }
  const facilities = create();
  await writeAtomically(file, `${JSON.stringify(facilities, null, 2)}\n`);
  return facilities;
}
