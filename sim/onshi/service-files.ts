import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { DataFileError } from "./data-file-error.ts";
import type { FacilityCredentials } from "./facility-directory.ts";
import { FacilityDirectory } from "./facility-directory.ts";

/** The files a service keeps in its data directory. */
export const SERVICE_FILES = {
  /** The append-only journal of accepted writes. */
  journal: "onshi-journal.jsonl",
  /** The key challenges are derived from (so challenges issued before a restart still check after it). */
  challengeKey: "challenge.key",
  /** The facilities `myna-hil serve onshi` created for local use (test credentials). */
  facilities: "facilities.json",
} as const;

/** The file's bytes, undefined when it does not exist; a {@link DataFileError} when it cannot be read. */
async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DataFileError(file, `cannot be read (${(error as Error).message})`, { cause: error });
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
 *
 * A `facilities.json` that is not JSON, not a list of `{medicalInstitutionCode, secret, name}`, has a facility the
 * directory refuses (bad code, short secret, a code twice) or is empty is refused with a {@link DataFileError} naming
 * the file: a service with no facility can serve nothing, so an empty list is a mistake, not a configuration (delete
 * the file to have test facilities created again).
 */
export async function loadOrCreateFacilities(dataDir: string, create: () => FacilityCredentials[]): Promise<FacilityCredentials[]> {
  const file = path.join(dataDir, SERVICE_FILES.facilities);
  const existing = await readIfPresent(file);
  if (existing !== undefined) return parseFacilities(file, existing.toString("utf8"));
  const facilities = create();
  await writeAtomically(file, `${JSON.stringify(facilities, null, 2)}\n`);
  return facilities;
}

/** Checks the text of `facilities.json` (see {@link loadOrCreateFacilities}). */
function parseFacilities(file: string, text: string): FacilityCredentials[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new DataFileError(file, "expected a list of facilities");
  if (parsed.length === 0) throw new DataFileError(file, "no facilities: a service with no facility can serve nothing (delete the file to have test facilities created)");
  const facilities = parsed.map((f: unknown, i) => {
    const { medicalInstitutionCode, secret, name } = (f ?? {}) as Partial<FacilityCredentials>;
    if (typeof medicalInstitutionCode !== "string" || typeof secret !== "string" || typeof name !== "string") {
      throw new DataFileError(file, `facility ${i} needs medicalInstitutionCode, secret and name (strings)`);
    }
    return { medicalInstitutionCode, secret, name };
  });
  try {
    new FacilityDirectory(facilities);
  } catch (error) {
    throw new DataFileError(file, (error as Error).message, { cause: error });
  }
  return facilities;
}
