import { commandRegistry } from "../../cli/commands/command-registry.ts";
import type { CliContext } from "../../cli/cli-context.ts";
import { runCli } from "../../cli/run-cli.ts";
import { captureIo } from "./capture-io.ts";

/**
 * Runs `myna-hil …argv` in this process with a time bound: a command that keeps running (a server, an attach, a spin)
 * is stopped as Ctrl-C would stop it and the call rejects, so a test fails instead of hanging or leaking a server.
 */
export async function runBounded(argv: readonly string[], ms = 10_000, context: Partial<CliContext> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  const io = captureIo();
  const stop = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, ms);
  try {
    const code = await runCli(argv, { ...context, io, signal: stop.signal }, commandRegistry);
    if (timedOut) throw new Error(`still running after ${ms} ms: ${io.stderr()}`);
    return { code, stderr: io.stderr(), stdout: io.stdout() };
  } finally {
    clearTimeout(timer);
  }
}
