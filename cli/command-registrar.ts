import type { Command } from "commander";
import type { CliContext } from "./cli-context.ts";

/**
 * Adds one top-level command (`doctor`, `attach`, …) to the program.
 *
 * A registrar calls `program.command(name)`, declares its flags and an action. The action signals its outcome by
 * returning normally (exit 0) or throwing a {@link UsageError} (exit 2) or {@link VerdictFailure} (exit 1);
 * it never calls `process.exit`.
 */
export type CommandRegistrar = (program: Command, context: CliContext) => void;
