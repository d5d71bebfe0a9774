import { FACR_REQUIREMENTS } from "./facr-requirements.ts";
import { HOST_REQUIREMENTS } from "./host-requirements.ts";
import { OQS_REQUIREMENTS } from "./oqs-requirements.ts";
import type { Requirement } from "./requirement.ts";

/** Every requirement of the suite, in ID order (host, facr, oqs-client). IDs are stable and never reused. */
export const REQUIREMENTS: readonly Requirement[] = [...HOST_REQUIREMENTS, ...FACR_REQUIREMENTS, ...OQS_REQUIREMENTS];

/** The requirement with `id`, or undefined. */
export function findRequirement(id: string): Requirement | undefined {
  return REQUIREMENTS.find((r) => r.id === id);
}
