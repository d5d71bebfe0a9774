/** Where a command writes. Injected so tests capture output instead of touching the process streams. */
export interface CliIo {
  /** Writes to standard output (reports, `--json`, `--help`). `text` carries its own newlines. */
  out(text: string): void;
  /** Writes to standard error (errors, progress, hints). `text` carries its own newlines. */
  err(text: string): void;
}

/** The process's own stdout/stderr. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
