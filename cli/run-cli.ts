import { Command, CommanderError } from "commander";
import type { CliContext } from "./cli-context.ts";
import { ExitCode, UsageError, VerdictFailure } from "./cli-error.ts";
import type { CommandRegistrar } from "./command-registrar.ts";
import { packageVersion } from "./package-version.ts";

/**
 * Builds the `myna-hil` program with the given commands, runs it on `argv` (user arguments only, no `node`/script)
 * and returns the exit code. Never calls `process.exit` and never prints a stack trace for bad usage.
 */
export async function runCli(argv: readonly string[], context: CliContext, registrars: readonly CommandRegistrar[]): Promise<number> {
  const { io } = context;
  const program = new Command("myna-hil")
    .description("Hardware-in-the-loop simulator and conformance harness for My Number Card and phone health-insurance reads.")
    .version(packageVersion(), "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(`myna-hil: ${text}`) })
    .showHelpAfterError("(run with --help for usage)");
  // Subcommands inherit the settings above, so every registrar must run after them.
  for (const register of registrars) register(program, context);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.Ok;
  } catch (error) {
    return exitCodeFor(error, context);
  }
}

function exitCodeFor(error: unknown, { io }: CliContext): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help). `--help`, `help`, `--version` end with 0;
    // everything else it rejects (unknown command/option, missing or bad argument, no command at all) is bad usage.
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof UsageError) {
    io.err(`myna-hil: error: ${error.message}\n`);
    return ExitCode.Usage;
  }
  if (error instanceof VerdictFailure) {
    io.err(`myna-hil: ${error.message}\n`);
    return ExitCode.VerdictFailed;
  }
  // A harness bug, not a verdict. The contract has no code of its own for it; 1 keeps CI red.
  const message = error instanceof Error ? error.message : String(error);
  io.err(`myna-hil: internal error: ${message}\n`);
  if (process.env["MYNA_HIL_DEBUG"] && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  else io.err("(set MYNA_HIL_DEBUG=1 for the stack trace)\n");
  return ExitCode.VerdictFailed;
}
