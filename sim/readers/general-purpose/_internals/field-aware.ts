import { type ApduDevice } from "../../../apdu/index.ts";

/**
 * A device that knows whether it is in a reader's field (the phones in `sim/phones`): entering powers it up with a
 * fresh PUPI, leaving powers it down; it may also leave on its own (the patient takes the phone away).
 */
export interface FieldAware {
  enterField(): void;
  leaveField(): void;
  onFieldChange?(listener: (inField: boolean) => void): () => void;
}

/** `device` as a {@link FieldAware} device, when it is one. */
export function fieldAware(device: ApduDevice): FieldAware | undefined {
  const candidate = device as ApduDevice & Partial<FieldAware>;
  return typeof candidate.enterField === "function" && typeof candidate.leaveField === "function" ? (candidate as ApduDevice & FieldAware) : undefined;
}
