import { UsageError } from "../cli-error.ts";
import type { SecretName } from "../parse-credentials.ts";

/** What `--secrets-stdin` reads at most, and for how long it waits for the end of input. */
const MAX_BYTES = 4096;
const TIMEOUT_MS = 30_000;

/** The names a `--secrets-stdin` line may use, and the secret each sets. */
export const STDIN_SECRET_NAMES: Readonly<Record<string, SecretName>> = { "auth-pin": "authPin", "sign-password": "signPassword" };

/** Reads the whole stream as UTF-8, bounded in bytes and time. */
function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: UsageError): void => {
      clearTimeout(timer);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.pause();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      size += bytes.length;
      if (size > MAX_BYTES) finish(new UsageError(`--secrets-stdin: more than ${MAX_BYTES} bytes; expected a few name=value lines`));
      else chunks.push(bytes);
    };
    const onEnd = (): void => finish();
    const onError = (error: Error): void => finish(new UsageError(`--secrets-stdin: cannot read standard input (${error.message})`));
    const timer = setTimeout(() => finish(new UsageError(`--secrets-stdin: standard input did not end within ${TIMEOUT_MS / 1000} s (end it with Ctrl-D, or pipe a file in)`)), TIMEOUT_MS);
    timer.unref();
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("error", onError);
    stream.resume();
  });
}

/**
 * Reads `--secrets-stdin`: one `name=value` per line (`auth-pin=…`, `sign-password=…`); blank lines and lines
 * starting with `#` are ignored; `\r\n` line ends are fine. Errors name the line number and, when it is a plain word,
 * the name — never a value.
 */
export async function readSecretsStdin(stdin: NodeJS.ReadableStream): Promise<Partial<Record<SecretName, string>>> {
  const text = await readAll(stdin);
  const out: Partial<Record<SecretName, string>> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, "");
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) throw new UsageError(`--secrets-stdin: line ${i + 1}: expected name=value (line not shown)`);
    const name = line.slice(0, eq).trim();
    const secret = STDIN_SECRET_NAMES[name];
    if (secret === undefined) {
      const shown = /^[A-Za-z_-]{1,40}$/.test(name) ? ` "${name}"` : "";
      throw new UsageError(`--secrets-stdin: line ${i + 1}: unknown name${shown}; expected ${Object.keys(STDIN_SECRET_NAMES).join(" or ")}`);
    }
    if (out[secret] !== undefined) throw new UsageError(`--secrets-stdin: line ${i + 1}: ${name} given twice`);
    out[secret] = line.slice(eq + 1).trim();
  }
  return out;
}
