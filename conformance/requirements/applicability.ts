import type { CapabilityProfile } from "../profile/capability-profile.ts";
import type { Role } from "./requirement.ts";

/** Not applicable unless the profile declares `role`. */
export function needsRole(profile: CapabilityProfile, role: Role): string | undefined {
  return profile.roles.includes(role) ? undefined : `role ${role} not declared (roles: ${profile.roles.join(", ")})`;
}

/** Not applicable unless the profile reads phones of `os`. */
export function needsPhone(profile: CapabilityProfile, os: "ios" | "android"): string | undefined {
  return profile.phoneOses.includes(os) ? undefined : `phoneOses does not include ${os}`;
}

/** Not applicable unless the profile reads some phone. */
export function needsAnyPhone(profile: CapabilityProfile): string | undefined {
  return profile.phoneOses.length > 0 ? undefined : "phoneOses is empty (cards only)";
}

/** Not applicable unless the profile reads cards. */
export function needsCards(profile: CapabilityProfile): string | undefined {
  return profile.cards ? undefined : "cards is false";
}

/** The first reason among several, or undefined when all apply. */
export function firstReason(...reasons: (string | undefined)[]): string | undefined {
  return reasons.find((r) => r !== undefined);
}
