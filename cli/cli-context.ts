import type { CliIo } from "./cli-io.ts";

/** What every command receives besides its parsed flags. Grows as commands need more (clock, reports dir…). */
export interface CliContext {
  /** Output streams. Commands never write to `process.stdout`/`console` directly. */
  readonly io: CliIo;
  /** Ends long-running commands (`attach`, `serve`) as SIGINT/SIGTERM would; tests use it. */
  readonly signal?: AbortSignal;
}
