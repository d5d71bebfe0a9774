import type { CliIo } from "./cli-io.ts";
import { processIo } from "./cli-io.ts";
import { commandRegistry } from "./commands/command-registry.ts";
import { runCli } from "./run-cli.ts";

/**
 * The `myna-hil` command line. `argv` holds the user's arguments only (`process.argv.slice(2)`).
 * Resolves with the exit code: 0 done/passed, 1 a verdict failed, 2 bad usage or input.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  return runCli(argv, { io }, commandRegistry);
}
