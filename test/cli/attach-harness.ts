import { commandRegistry } from "../../cli/commands/command-registry.ts";
import type { CliContext } from "../../cli/cli-context.ts";
import { runCli } from "../../cli/run-cli.ts";
import { FakeVpcd } from "../support/fake-vpcd.ts";
import { type CapturedIo, captureIo } from "./capture-io.ts";

/** `myna-hil attach` running in this process against a fake vpcd on loopback (no pcscd needed). */
export interface AttachSession {
  readonly vpcd: FakeVpcd;
  readonly io: CapturedIo;
  /** Resolves with the exit code when the command ends. */
  readonly exit: Promise<number>;
  /** Stops the command as Ctrl-C would and resolves with its exit code. */
  stop(): Promise<number>;
}

/** Waits (bounded) until `done()` holds. */
export async function waitFor(done: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts `attach --vpcd 127.0.0.1:<fake> …args` and waits until it says the device is attached (or it ended).
 * `context` adds to the command's context (env, stdin).
 */
export async function startAttach(args: readonly string[], context: Partial<CliContext> = {}, vpcd?: FakeVpcd): Promise<AttachSession> {
  const fake = vpcd ?? (await FakeVpcd.start());
  const io = captureIo();
  const stop = new AbortController();
  let ended = false;
  const exit = runCli(["attach", "--vpcd", `127.0.0.1:${fake.port}`, ...args], { ...context, io, signal: stop.signal }, commandRegistry).finally(() => {
    ended = true;
  });
  await waitFor(() => ended || io.stderr().includes("press Ctrl-C"), "attach banner");
  return {
    vpcd: fake,
    io,
    exit,
    stop: async () => {
      stop.abort();
      const code = await exit;
      await fake.close();
      return code;
    },
  };
}
