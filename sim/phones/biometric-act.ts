import type { BiometricKind } from "./phone-model.ts";

/** Why an act on the iPhone did not open the authorisation window. */
export type BiometricRefusalReason =
  /** The phone has no such sensor (Face ID on a Touch ID phone, or the other way round). */
  | "no-sensor"
  /** No face or fingerprint is registered for that sensor. */
  | "not-registered"
  /** The face or finger did not match. */
  | "no-match"
  /** The phone holds no usable My Number Card (never added, moved to another phone, or suspended). */
  | "no-card"
  /** The passcode cannot stand in for Face ID / Touch ID (docs/domain/counter-flow.md). */
  | "passcode-not-accepted";

/** The outcome of an act on the iPhone: the window opened until `expiresAt`, or a refusal with its reason. */
export type BiometricActResult =
  | { readonly ok: true; readonly kind: BiometricKind; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: BiometricRefusalReason; readonly message: string };
