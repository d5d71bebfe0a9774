/**
 * Errors that end a command with a defined exit code (docs/architecture.md, "Command-line contract"):
 * 0 done/passed, 1 a verdict failed, 2 bad usage or input.
 */

/** Exit codes of every `myna-hil` command. */
export const ExitCode = {
  /** Done, or every verdict passed. */
  Ok: 0,
  /** A verdict failed (a check, a conformance requirement, a reproduced incident…). */
  VerdictFailed: 1,
  /** Bad usage or input; the message names the bad flag, argument or field. */
  Usage: 2,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad usage or input (exit 2). The message must name the bad flag, argument or field, e.g. `--vpcd: port must be 1–65535, got "0"`. */
export class UsageError extends Error {
  readonly exitCode = ExitCode.Usage;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}

/**
 * A verdict failed (exit 1). Thrown by a command after it has printed its own report;
 * the message is a one-line summary printed to stderr.
 */
export class VerdictFailure extends Error {
  readonly exitCode = ExitCode.VerdictFailed;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VerdictFailure";
  }
}
