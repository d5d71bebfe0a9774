/**
 * A file of the service's data directory (`onshi-journal.jsonl`, `facilities.json`, `challenge.key`) cannot be used:
 * unreadable, not what it should be, or damaged. The message starts with the file's path and says what is wrong, so
 * that `myna-hil serve onshi` can refuse to start with it (exit 2) instead of failing later with an internal error.
 */
export class DataFileError extends Error {
  constructor(
    /** The file at fault. */
    readonly file: string,
    /** What is wrong with it, e.g. `no facilities: …`. */
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
    this.name = "DataFileError";
  }
}
