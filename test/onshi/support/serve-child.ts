import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/myna-hil.mjs", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./onshi-child.ts", import.meta.url));

/** What `serve onshi` printed: its URL and the first facility's credentials. */
export interface ServeBanner {
  url: string;
  code: string;
  secret: string;
}

/** The URL and the first facility's credentials from `serve onshi`'s banner, once it is complete. */
export function parseBanner(text: string): ServeBanner | undefined {
  const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
  const facility = /^\s+(\d{10})\s+(\S+)\s+\S+/m.exec(text);
  return url === undefined || facility === null ? undefined : { url, code: facility[1] ?? "", secret: facility[2] ?? "" };
}

/** Polls `probe` every 25 ms until it gives a value; rejects after `ms`. */
export async function until<T>(probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A service child process on loopback (`myna-hil serve onshi` or the fixture). */
export interface ServeChild {
  child: ChildProcessWithoutNullStreams;
  banner: ServeBanner;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts `myna-hil serve onshi --port 0 --host 127.0.0.1 --data <dataDir>` and waits for its banner. */
export function startServeChild(dataDir: string, ms = 30_000): Promise<ServeChild> {
  return startChild([BIN, "serve", "onshi", "--port", "0", "--host", "127.0.0.1", "--data", dataDir], parseBanner, ms);
}

/**
 * Spawns the small fixture server (`onshi-child.ts`: quicker to start than the CLI, and it loads its modules before it
 * is told to start), so that `start()` later opens the data directory and listens within a fraction of a second.
 */
export function spawnFixtureChild(dataDir: string): { start(ms?: number): Promise<ServeChild>; kill(): void } {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, dataDir], { stdio: "pipe" });
  const parse = (text: string): ServeBanner | undefined => {
    const line = text.split("\n").find((l) => l.startsWith("{"));
    return line === undefined ? undefined : (JSON.parse(line) as ServeBanner);
  };
  const ready = watchChild(child, parse);
  return {
    start: (ms = 30_000) => {
      child.stdin.write("start\n");
      return ready(ms);
    },
    kill: () => void child.kill("SIGKILL"),
  };
}

/** Starts the small fixture server at once (see {@link spawnFixtureChild}) and waits for its line. */
export function startFixtureChild(dataDir: string, ms = 30_000): Promise<ServeChild> {
  return spawnFixtureChild(dataDir).start(ms);
}

function startChild(args: string[], parse: (stdout: string) => ServeBanner | undefined, ms: number): Promise<ServeChild> {
  return watchChild(spawn(process.execPath, args, { stdio: "pipe" }), parse)(ms);
}

/** Collects a child's output; the returned function waits (up to `ms`) until `parse` finds its banner. */
function watchChild(child: ChildProcessWithoutNullStreams, parse: (stdout: string) => ServeBanner | undefined): (ms: number) => Promise<ServeChild> {
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  return async (ms) => {
    try {
      const banner = await until(() => {
        if (ended) throw new Error(`the service exited before it was ready: ${err}`);
        return parse(out);
      }, ms);
      return { child, banner, stderr: () => err, exited };
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  };
}
