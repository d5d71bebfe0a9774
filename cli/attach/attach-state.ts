import { createHash, type KeyObject } from "node:crypto";
import type { ApduDevice } from "../../sim/apdu/index.ts";
import { type PinCounters, restoreChangedPins, restorePinCounters, snapshotChangedPins, snapshotPinCounters } from "../../sim/cards/pin-counter-snapshot.ts";
import { UsageError } from "../cli-error.ts";
import { type DeviceState, deviceStatePath, loadDeviceState, saveDeviceState } from "./device-state-file.ts";
import { StateKeepingDevice } from "./state-keeping-device.ts";

/** A device's state kept in `attach --state DIR`. */
export interface KeptDeviceState {
  /** The state file. */
  readonly path: string;
  /** True when the counters were restored from an earlier run. */
  readonly restored: boolean;
  /** Tries left per counter as the session starts. */
  readonly pins: Readonly<Record<string, number>>;
  /** Wraps the device so that every change of its counters is saved before the answer goes out. */
  wrap(device: ApduDevice): ApduDevice;
}

/** What identifies the device whose state is kept. */
export interface KeptDevice<T extends PinCounters<T>> {
  /** `card`, `iphone` or `android`. */
  readonly kind: string;
  readonly persona: string;
  /** The device's PIN counters (a card's five, a phone's two). */
  readonly counters: T;
  /** The device's auth public key: the keys come from the key cache per persona (sim/pki `KeyStore`), so they are the same in every run. */
  readonly authPublicKey: KeyObject;
}

function fingerprint(key: KeyObject): string {
  return createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex");
}

/**
 * Restores the device's PIN counters from `dir` (a blocked PIN stays blocked across restarts, as on a real card) and
 * writes the state file at once, so an unwritable DIR fails now (exit 2 naming `--state`), not at the first wrong PIN.
 * A state file of another device (other keys: the key cache was cleared) is refused rather than silently reset.
 * Save errors during the session go to `warn`.
 */
export async function keepDeviceState<T extends PinCounters<T>>(dir: string, device: KeptDevice<T>, warn: (message: string) => void): Promise<KeptDeviceState> {
  const path = deviceStatePath(dir, device.kind, device.persona);
  const keyFingerprint = fingerprint(device.authPublicKey);
  const saved = await loadDeviceState(path);
  if (saved) {
    if (saved.device !== device.kind || saved.persona !== device.persona) {
      throw new UsageError(`--state: ${JSON.stringify(path)} holds the state of ${saved.device} ${saved.persona}, not ${device.kind} ${device.persona}`);
    }
    if (saved.keyFingerprint !== keyFingerprint) {
      throw new UsageError(
        `--state: ${JSON.stringify(path)} belongs to a ${device.kind} of ${device.persona} with other keys (was the key cache cleared?); delete the file to start with a new ${device.kind}`,
      );
    }
    try {
      restorePinCounters(device.counters, saved.pins);
      if (saved.changedPins !== undefined) restoreChangedPins(device.counters, saved.changedPins);
    } catch (error) {
      throw new UsageError(`--state: ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
    }
  }
  const snapshot = (): Pick<DeviceState, "pins" | "changedPins"> => {
    const changedPins = snapshotChangedPins(device.counters);
    return { pins: snapshotPinCounters(device.counters), ...(Object.keys(changedPins).length > 0 ? { changedPins } : {}) };
  };
  const state = (kept: Pick<DeviceState, "pins" | "changedPins">): DeviceState => ({ device: device.kind, persona: device.persona, keyFingerprint, ...kept });
  try {
    saveDeviceState(path, state(snapshot()));
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UsageError(`--state: cannot write ${JSON.stringify(path)} (${code})`, { cause: error });
  }
  let failures = 0;
  return {
    path,
    restored: saved !== undefined,
    pins: snapshot().pins,
    wrap: (served) =>
      new StateKeepingDevice(served, snapshot, (kept) => saveDeviceState(path, state(kept)), (error) => {
        failures++;
        if (failures === 1 || failures % 100 === 0) warn(`--state: could not save ${path} (${failures} time(s)): ${error instanceof Error ? error.message : String(error)}`);
      }),
  };
}

