import { Worker } from "node:worker_threads";

/** Options of {@link spawnTsWorker}. */
export interface SpawnOptions {
  /** Extra Node flags for the thread, e.g. `["--cpu-prof", "--cpu-prof-dir", dir]`. */
  execArgv?: readonly string[];
  /** A name shown in profiles and errors. */
  name?: string;
}

/**
 * Starts a worker thread running a TypeScript module (through `worker-bootstrap.mjs`, which registers tsx in the
 * thread). `data` reaches the module as `workerData.data`.
 */
export function spawnTsWorker(entry: URL, data: unknown, options: SpawnOptions = {}): Worker {
  return new Worker(new URL("./worker-bootstrap.mjs", import.meta.url), {
    workerData: { entry: entry.href, data },
    execArgv: [...(options.execArgv ?? [])],
    ...(options.name !== undefined ? { name: options.name } : {}),
  });
}

/**
 * The next message of a worker that satisfies `accept`; rejects when the worker fails, exits first, or `timeoutMs`
 * passes (a benchmark must never hang on a lost thread).
 */
export function nextMessage<T>(worker: Worker, accept: (message: unknown) => message is T, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown): void => {
      if (accept(message)) finish(undefined, message);
      else if (isFailure(message)) finish(new Error(`${what}: ${message.message}`));
    };
    const onError = (error: Error): void => finish(new Error(`${what}: ${error.message}`, { cause: error }));
    const onExit = (code: number): void => finish(new Error(`${what}: the thread exited (code ${code})`));
    function finish(error: Error | undefined, message?: T): void {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (error !== undefined) reject(error);
      else resolve(message as T);
    }
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

/** What a thread posts when something it was asked to do failed. */
export interface FailureMessage {
  type: "failure";
  message: string;
}

function isFailure(message: unknown): message is FailureMessage {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "failure";
}
