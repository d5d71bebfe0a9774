import { FOUR_DIGITS, SIGNING_PASSWORD } from "../sim/cards/pin-counter.ts";
import type { CardCredentials } from "../sim/cards/card-credentials.ts";
import { UsageError } from "./cli-error.ts";

/**
 * Validates the `--auth-pin` and `--sign-password` flags. The error names the flag and the rule,
 * never the value: a mistyped PIN must not land in a log.
 */
export function parseCredentials(flags: { authPin?: string; signPassword?: string }): Partial<CardCredentials> {
  const out: Partial<CardCredentials> = {};
  if (flags.authPin !== undefined) {
    if (!FOUR_DIGITS(flags.authPin)) throw new UsageError("--auth-pin: must be exactly 4 digits (value not shown)");
    out.authPin = flags.authPin;
  }
  if (flags.signPassword !== undefined) {
    if (!SIGNING_PASSWORD(flags.signPassword)) throw new UsageError("--sign-password: must be 6–16 characters of A–Z and 0–9 (value not shown)");
    out.signPassword = flags.signPassword;
  }
  return out;
}
