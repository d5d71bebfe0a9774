import { FACR_REQUIREMENTS } from "./facr-requirements.ts";
import { HOST_REQUIREMENTS } from "./host-requirements.ts";
import { OQS_REQUIREMENTS } from "./oqs-requirements.ts";
import { READER_REQUIREMENTS } from "./reader-requirements.ts";
import type { Requirement } from "./requirement.ts";

/** The requirements on terminal/reader software (DUT emulated and external), in ID order (host, facr, oqs-client). IDs are stable and never reused. */
export const REQUIREMENTS: readonly Requirement[] = [...HOST_REQUIREMENTS, ...FACR_REQUIREMENTS, ...OQS_REQUIREMENTS];

/** Every requirement of the suite, the reader-level ones (`MYNA-RDR-*`, DUT pcsc:READER) included. */
export const ALL_REQUIREMENTS: readonly Requirement[] = [...REQUIREMENTS, ...READER_REQUIREMENTS];

/** The requirements a DUT kind is judged on: `pcsc:READER` the reader-level ones, every other kind the rest. */
export function requirementsFor(dut: string): readonly Requirement[] {
  return dut.startsWith("pcsc:") ? READER_REQUIREMENTS : REQUIREMENTS;
}

/** The requirement with `id`, or undefined. */
export function findRequirement(id: string): Requirement | undefined {
  return ALL_REQUIREMENTS.find((r) => r.id === id);
}
