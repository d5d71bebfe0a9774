import type { CardCredentials } from "../../sim/cards/card-credentials.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError } from "../cli-error.ts";
import { checkSecret, type SecretName } from "../parse-credentials.ts";
import { readSecretFile } from "./read-secret-file.ts";
import { readSecretsStdin } from "./read-secrets-stdin.ts";

/** The secret-bearing flags of `attach`. */
export interface SecretFlags {
  authPin?: string;
  authPinFile?: string;
  signPassword?: string;
  signPasswordFile?: string;
  secretsStdin?: boolean;
}

/** The environment variables that may hold the secrets (used when no flag, file or stdin line gives them). */
export const SECRET_ENVIRONMENT: Readonly<Record<SecretName, string>> = { authPin: "MYNA_HIL_AUTH_PIN", signPassword: "MYNA_HIL_SIGN_PASSWORD" };

const FLAG: Readonly<Record<SecretName, string>> = { authPin: "--auth-pin", signPassword: "--sign-password" };
const STDIN_NAME: Readonly<Record<SecretName, string>> = { authPin: "auth-pin", signPassword: "sign-password" };

/**
 * The card's (and phone's) secrets, from wherever they were given: the flag (`--auth-pin P`, visible in `ps`), a file
 * (`--auth-pin-file F`), a line on standard input (`--secrets-stdin`), or else the environment
 * (`MYNA_HIL_AUTH_PIN`, `MYNA_HIL_SIGN_PASSWORD`). Giving one secret twice (flag and file, say) is bad usage. Every
 * error names the source, never the value. Warnings (a file others can read) go to `warn`.
 */
export async function readCredentials(flags: SecretFlags, context: Pick<CliContext, "env" | "stdin">, warn: (message: string) => void): Promise<Partial<CardCredentials>> {
  const env = context.env ?? process.env;
  const fromStdin = flags.secretsStdin === true ? await readSecretsStdin(context.stdin ?? process.stdin) : {};
  const out: Partial<CardCredentials> = {};
  for (const name of ["authPin", "signPassword"] as const) {
    const flag = FLAG[name];
    const file = name === "authPin" ? flags.authPinFile : flags.signPasswordFile;
    const given: { label: string; source: string; read: () => Promise<string> }[] = [];
    const direct = flags[name];
    if (direct !== undefined) given.push({ label: flag, source: flag, read: async () => direct });
    if (file !== undefined) {
      given.push({
        label: `${flag}-file`,
        source: `${flag}-file ${JSON.stringify(file)}`,
        read: async () => {
          const secret = await readSecretFile(file, `${flag}-file`);
          if (secret.readableByOthers) warn(`${flag}-file ${JSON.stringify(file)} can be read by other users; chmod 600 it`);
          return secret.value;
        },
      });
    }
    const line = fromStdin[name];
    if (line !== undefined) given.push({ label: "--secrets-stdin", source: `--secrets-stdin: ${STDIN_NAME[name]}`, read: async () => line });
    if (given.length > 1) {
      throw new UsageError(`${flag}: given ${given.length} ways (${given.map((g) => g.label).join(", ")}); give it once`);
    }
    const chosen = given[0];
    if (chosen) {
      out[name] = checkSecret(name, await chosen.read(), chosen.source);
      continue;
    }
    const variable = SECRET_ENVIRONMENT[name];
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== "") out[name] = checkSecret(name, fromEnv, variable);
  }
  return out;
}
