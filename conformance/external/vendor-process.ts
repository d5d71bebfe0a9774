import { spawn } from "node:child_process";

/** The placeholders a profile's `command` may use (conformance/README.md#vendors). */
export const COMMAND_PLACEHOLDERS = ["reader", "serviceUrl", "facilityCode", "facilitySecretFile", "pinFile", "resultFolder", "displayReport", "answers", "dataDir", "scenario"] as const;

/** Values of the placeholders for one scenario. */
export type PlaceholderValues = Record<(typeof COMMAND_PLACEHOLDERS)[number], string>;

/** A placeholder in `command` that the suite does not know, or undefined. */
export function unknownPlaceholder(command: readonly string[]): string | undefined {
  for (const arg of command) for (const m of arg.matchAll(/\{([A-Za-z]+)\}/g)) if (!(COMMAND_PLACEHOLDERS as readonly string[]).includes(m[1] as string)) return m[0];
  return undefined;
}

/** `command` with every `{name}` replaced (the whole argument or inside it; no shell is involved). */
export function fillCommand(command: readonly string[], values: PlaceholderValues): string[] {
  return command.map((arg) => arg.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => (name in values ? values[name as keyof PlaceholderValues] : whole)));
}

/** How a vendor program run ended. */
export interface VendorExit {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Standard output and error, interleaved as received (bounded). */
  output: string;
  /** The program could not be started (ENOENT…). */
  spawnError?: string;
}

/** Most output kept per run. */
const MAX_OUTPUT = 1024 * 1024;

/** A running vendor program: `exited` resolves when it ends (stopped with SIGTERM, then SIGKILL, after `timeoutMs`). */
export function startVendor(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): { exited: Promise<VendorExit>; running(): boolean; stop(): void } {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => {
    if (output.length < MAX_OUTPUT) output += d.toString("utf8");
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let timedOut = false;
  let ended = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (ended) return;
    child.kill("SIGTERM");
    killTimer = setTimeout(() => child.kill("SIGKILL"), 2000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const exited = new Promise<VendorExit>((resolve) => {
    child.on("error", (error) => {
      ended = true;
      clearTimeout(timer);
      resolve({ code: null, signal: null, timedOut: false, output, spawnError: error.message });
    });
    child.on("close", (code, signal) => {
      ended = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, signal, timedOut, output });
    });
  });
  return { exited, running: () => !ended, stop };
}
