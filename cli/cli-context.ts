import type { CliIo } from "./cli-io.ts";

/** What every command receives besides its parsed flags. Grows as commands need more (clock, reports dir…). */
export interface CliContext {
  /** Output streams. Commands never write to `process.stdout`/`console` directly. */
  readonly io: CliIo;
  /** Ends long-running commands (`attach`, `serve`) as SIGINT/SIGTERM would; tests use it. */
  readonly signal?: AbortSignal;
  /** Environment variables (default `process.env`), e.g. `MYNA_HIL_AUTH_PIN`; tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Standard input (default `process.stdin`), read by `--secrets-stdin`; tests pass their own. */
  readonly stdin?: NodeJS.ReadableStream;
}
