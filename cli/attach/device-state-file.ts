import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { PinDigest } from "../../sim/cards/pin-counter.ts";
import { UsageError } from "../cli-error.ts";

/** What `attach --state DIR` keeps of a device between runs: its PIN counters and changed PINs' digests, tied to the device's keys. */
export interface DeviceState {
  /** `card`, `iphone` or `android`. */
  readonly device: string;
  /** The persona whose device it is. */
  readonly persona: string;
  /** SHA-256 (hex) of the device's auth public key (SPKI DER): the state belongs to this device and no other. */
  readonly keyFingerprint: string;
  /** Tries left per PIN counter. */
  readonly pins: Readonly<Record<string, number>>;
  /** PINs changed by CHANGE REFERENCE DATA, as salted digests (never the PIN), by counter name. */
  readonly changedPins?: Readonly<Record<string, PinDigest>>;
}

/** Written in every state file, so a stray JSON file is not taken for one. */
const FORMAT = "myna-hil device state";
const VERSION = 1;

/** The state file of one device in `dir`: `<device>-<persona>.json`, e.g. `card-P0001.json`. */
export function deviceStatePath(dir: string, device: string, persona: string): string {
  return join(dir, `${device}-${persona}.json`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a state file; undefined when there is none yet (a device's first run). A file that is not a state file of
 * this format is a {@link UsageError} naming `--state` and the file.
 */
export async function loadDeviceState(path: string): Promise<DeviceState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "error";
    if (code === "ENOENT") return undefined;
    throw new UsageError(`--state: cannot read ${JSON.stringify(path)} (${code})`, { cause: error });
  }
  const bad = (why: string): never => {
    throw new UsageError(`--state: ${JSON.stringify(path)} is not a myna-hil state file (${why}); move it away or delete it`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad("not JSON");
  }
  if (!isRecord(json) || json["format"] !== FORMAT) return bad(`no "format": "${FORMAT}"`);
  if (json["version"] !== VERSION) return bad(`version ${String(json["version"])}, expected ${VERSION}`);
  const { device, persona, keyFingerprint, pins } = json;
  if (typeof device !== "string" || typeof persona !== "string" || typeof keyFingerprint !== "string" || !isRecord(pins)) return bad("fields missing");
  const counters: Record<string, number> = {};
  for (const [name, tries] of Object.entries(pins)) {
    if (typeof tries !== "number" || !Number.isInteger(tries) || tries < 0) return bad(`PIN counter "${name}" is not a count`);
    counters[name] = tries;
  }
  const changedPins: Record<string, PinDigest> = {};
  const changed = json["changedPins"];
  if (changed !== undefined) {
    if (!isRecord(changed)) return bad(`"changedPins" is not an object`);
    for (const [name, digest] of Object.entries(changed)) {
      if (!isRecord(digest) || typeof digest["salt"] !== "string" || typeof digest["hash"] !== "string") return bad(`changed PIN "${name}" is not a salt and a hash`);
      changedPins[name] = { salt: digest["salt"], hash: digest["hash"] };
    }
  }
  return { device, persona, keyFingerprint, pins: counters, ...(Object.keys(changedPins).length > 0 ? { changedPins } : {}) };
}

/**
 * Writes a state file atomically: a temporary file beside it, flushed to disk, then renamed over the old one, so a
 * crash leaves either the old state or the new one, never half a file. Synchronous, because it runs inside the
 * device's serving loop before the answer goes out (as a card writes its counter before it answers). Throws the
 * system error.
 */
export function saveDeviceState(path: string, state: DeviceState): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const text = `${JSON.stringify({ format: FORMAT, version: VERSION, ...state }, null, 2)}\n`;
  const fd = openSync(temporary, "wx", 0o600);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw error;
  }
}
