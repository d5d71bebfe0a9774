import type { ModelScreen } from "./model-screens.ts";

/**
 * How long each screen waits before it moves on by itself, in ms. All modelled (docs/domain/reader-models.md#modelled-here:
 * "the screen sequence, titles, time-outs … are modelled"); the lengths are the simulator's shared defaults, written
 * here again so the model does not read them from the reader. A patient step left alone ends in the time-out guidance,
 * a hold in the read-failed guidance, a message or the result back on the top screen.
 */
const STEP = 60_000;
const TIMEOUT_MS: Readonly<Partial<Record<ModelScreen, number>>> = Object.freeze({
  "card-hold": 30_000,
  "card-reading": 10_000,
  "paper-card-reading": 3_000,
  "expiry-alert": 10_000,
  "method-choice": STEP,
  "face-photo-reading": 10_000,
  "face-match": STEP,
  "face-unavailable": STEP,
  "face-locked": STEP,
  "card-pin-entry": STEP,
  "card-pin-verifying": 10_000,
  "pin-locked": STEP,
  "card-attesting": 10_000,
  "os-choice": STEP,
  "android-pin-entry": STEP,
  "phone-hold": 30_000,
  "phone-reading": 10_000,
  "consent-drug": STEP,
  "consent-health-check": STEP,
  "consent-clinical": STEP,
  "consent-surgery": STEP,
  "consent-cost-cap": STEP,
  "consent-prescription": STEP,
  result: 5_000,
  "error-001": 15_000,
  "error-002": 15_000,
  "error-006": 15_000,
  "error-read-failed": 15_000,
  "error-system": 15_000,
  "guidance-timeout": 15_000,
  "guidance-operate-first": 15_000,
  "guidance-phone-on-card-antenna": 15_000,
  "guidance-phone-read-failed": 15_000,
  "guidance-iphone-biometric": 15_000,
});

/** The time-out of `screen` in ms, or undefined for the top screen (it waits for ever). */
export function timeoutOf(screen: ModelScreen): number | undefined {
  return TIMEOUT_MS[screen];
}

/**
 * Where a time-out leads: a patient step to the time-out guidance; a hold or a phone read to the read-failed guidance;
 * a card read or PIN check to 001, an attestation to the system error; the paper-card read (Almex) to its failure;
 * the expiry alert on to the next step (`next`); messages and the result back to the top.
 */
export function afterTimeout(screen: ModelScreen, alertNext: ModelScreen): ModelScreen {
  switch (screen) {
    case "card-reading":
    case "face-photo-reading":
    case "card-pin-verifying":
      return "error-001";
    case "card-attesting":
      return "error-system";
    case "paper-card-reading":
      return "error-read-failed";
    case "expiry-alert":
      return alertNext;
    case "phone-hold":
    case "phone-reading":
      return "guidance-phone-read-failed";
    default:
      return screen === "result" || screen.startsWith("error-") || screen.startsWith("guidance-") ? "standby" : "guidance-timeout";
  }
}
