import type { ApduDevice } from "../../../apdu/index.ts";
import { DEFAULT_INTERMITTENT, type HoldPlacement } from "../hold-placement.ts";
import { antennaOf } from "./device-antenna.ts";

/** How a held device couples with the reader's field, from its {@link HoldPlacement}. */
export type FieldCoupling =
  | { readonly kind: "coupled" }
  | { readonly kind: "none" }
  | { readonly kind: "intermittent"; readonly inFieldMs: number; readonly outOfFieldMs: number };

/** Node's timers cannot wait longer (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

function cycleTime(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) throw new RangeError(`${name} must be a number of ms in (0, ${MAX_TIMER_MS}], got ${value}`);
  return value;
}

/**
 * The coupling of `device` placed as `placement`: coupled when nothing is said, when the device declares no antenna
 * position, or when the part over the reader's antenna is the device's antenna; otherwise as `placement.misplaced`.
 * Throws a RangeError on a bad intermittent cycle.
 */
export function fieldCoupling(device: ApduDevice, placement: HoldPlacement | undefined): FieldCoupling {
  const inFieldMs = cycleTime("intermittent.inFieldMs", placement?.intermittent?.inFieldMs ?? DEFAULT_INTERMITTENT.inFieldMs);
  const outOfFieldMs = cycleTime("intermittent.outOfFieldMs", placement?.intermittent?.outOfFieldMs ?? DEFAULT_INTERMITTENT.outOfFieldMs);
  const antenna = antennaOf(device);
  if (placement?.over === undefined || antenna === undefined || placement.over === antenna) return { kind: "coupled" };
  return placement.misplaced === "intermittent" ? { kind: "intermittent", inFieldMs, outOfFieldMs } : { kind: "none" };
}
