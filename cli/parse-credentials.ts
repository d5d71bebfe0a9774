import { FOUR_DIGITS, SIGNING_PASSWORD } from "../sim/cards/pin-counter.ts";
import { UsageError } from "./cli-error.ts";

/** The two secrets `attach` takes: the auth PIN and the signing password. */
export type SecretName = "authPin" | "signPassword";

/** Each secret's rule, in the words of the error message. */
const RULES: Readonly<Record<SecretName, { test: (value: string) => boolean; rule: string }>> = {
  authPin: { test: FOUR_DIGITS, rule: "must be exactly 4 digits" },
  signPassword: { test: SIGNING_PASSWORD, rule: "must be 6–16 characters of A–Z and 0–9" },
};

/**
 * Checks a secret against its rule. The {@link UsageError} names `source` (the flag, file, line or environment
 * variable it came from) and the rule, never the value: a mistyped PIN must not land in a log.
 *
 * @param source - where the value came from, e.g. `--auth-pin`, `--auth-pin-file /run/pin`, `MYNA_HIL_AUTH_PIN`
 */
export function checkSecret(name: SecretName, value: string, source: string): string {
  const { test, rule } = RULES[name];
  if (!test(value)) throw new UsageError(`${source}: ${rule} (value not shown)`);
  return value;
}
