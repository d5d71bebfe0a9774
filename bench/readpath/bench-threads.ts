import type { Worker } from "node:worker_threads";
import {
  type BenchCarrier,
  type BenchHttpClient,
  type BenchMix,
  type CounterSpec,
  type CounterThreadData,
  type CountersReady,
  isCountersReady,
  isRunDone,
  isServiceClosed,
  isServiceHeap,
  isServiceReady,
  isProfileAnswer,
  type ProfileAnswer,
  type ProfileCommand,
  type RunCommand,
  type RunDone,
  type ServiceClosed,
  type ServiceReady,
  type ServiceThreadData,
} from "./readpath-messages.ts";
import { nextMessage, spawnTsWorker } from "./spawn-worker.ts";

/** Options of {@link BenchThreads.start}. */
export interface BenchThreadsOptions {
  /** The journal's directory. */
  dataDir: string;
  counters: number;
  counterThreads: number;
  devicesPerCounter: number;
  carrier: BenchCarrier;
  httpClient: BenchHttpClient;
  /** Issue the pilot mix's special devices too. */
  pilot?: boolean;
  /** Node flags of every thread (e.g. `--cpu-prof`). */
  execArgv: readonly string[];
}

/** The figures of one run over all counter threads. */
export interface ThreadsRun {
  done: RunDone[];
  /** Wall time from the first command to the last answer. */
  seconds: number;
}

/**
 * The benchmark's threads: the service thread and the counter threads (counter `i` lives in thread `i mod n`), started
 * and provisioned once; runs are posted to the threads that hold the counters taking part.
 */
export class BenchThreads {
  #closed: ServiceClosed | undefined;
  readonly #exits: Promise<void>[];

  private constructor(
    readonly service: Worker,
    readonly serviceReady: ServiceReady,
    readonly counters: readonly Worker[],
    readonly countersReady: readonly CountersReady[],
    private readonly specs: readonly CounterSpec[],
    exits: Promise<void>[],
  ) {
    this.#exits = exits;
  }

  /** Starts the service thread, then the counter threads, and waits until every device is provisioned and linked. */
  static async start(options: BenchThreadsOptions): Promise<BenchThreads> {
    const started: Worker[] = [];
    const exits: Promise<void>[] = [];
    const track = (worker: Worker): Worker => {
      started.push(worker);
      exits.push(new Promise((resolve) => worker.once("exit", () => resolve())));
      return worker;
    };
    try {
      const service = track(spawnTsWorker(new URL("./service-thread.ts", import.meta.url), { dataDir: options.dataDir } satisfies ServiceThreadData, { execArgv: options.execArgv, name: "onshi-service" }));
      const serviceReady = await nextMessage(service, isServiceReady, 60_000, "service thread");
      const { facilities } = serviceReady;
      const specs: CounterSpec[] = Array.from({ length: options.counters }, (_, index) => ({ index, facility: facilities[index % facilities.length] as CounterSpec["facility"] }));
      const counters: Worker[] = [];
      for (let t = 0; t < options.counterThreads; t++) {
        const data: CounterThreadData = {
          url: serviceReady.url,
          adminToken: serviceReady.adminToken,
          counters: specs.filter((s) => s.index % options.counterThreads === t),
          devicesPerCounter: options.devicesPerCounter,
          carrier: options.carrier,
          httpClient: options.httpClient,
          pilot: options.pilot ?? false,
        };
        counters.push(track(spawnTsWorker(new URL("./counter-thread.ts", import.meta.url), data, { execArgv: options.execArgv, name: `counters-${t}` })));
      }
      const countersReady = await Promise.all(counters.map((w) => nextMessage(w, isCountersReady, 300_000, "counter thread")));
      return new BenchThreads(service, serviceReady, counters, countersReady, specs, exits);
    } catch (error) {
      await Promise.all(started.map((w) => w.terminate()));
      throw error;
    }
  }

  /** Counters 0 … `counters` − 1 do complete qualifications of `mix` for `budgetMs` (the pilot mix: with `pilot`). */
  async run(mix: BenchMix, counters: number, budgetMs: number, pilot?: RunCommand["pilot"], collectHeap = false): Promise<ThreadsRun> {
    const threads = this.counters.length;
    const maxPerCounter = Math.ceil((budgetMs / 1000) * 4000);
    const start = performance.now();
    const answers: Promise<RunDone>[] = [];
    this.counters.forEach((worker, t) => {
      const mine = this.specs.filter((s) => s.index < counters && s.index % threads === t).map((s) => s.index);
      if (mine.length === 0) return;
      answers.push(nextMessage(worker, isRunDone, budgetMs + 60_000, "counter thread"));
      const command: RunCommand = { type: "run", mix, counters: mine, budgetMs, maxPerCounter, ...(pilot !== undefined ? { pilot } : {}), ...(collectHeap ? { collectHeap } : {}) };
      worker.postMessage(command);
    });
    const done = await Promise.all(answers);
    return { done, seconds: (performance.now() - start) / 1000 };
  }

  /**
   * Starts or stops sampling the CPU of the service thread and of every counter thread; the answers come in that order
   * (stopping: each thread's sampled ms per category).
   */
  async profile(type: ProfileCommand["type"]): Promise<ProfileAnswer[]> {
    const threads = [this.service, ...this.counters];
    const answers = threads.map((w, i) => nextMessage(w, isProfileAnswer, 30_000, i === 0 ? "service thread" : "counter thread"));
    for (const w of threads) w.postMessage({ type } satisfies ProfileCommand);
    return Promise.all(answers);
  }

  /** The service thread's V8 heap in use after a full collection, bytes. */
  async serviceHeapUsed(): Promise<number> {
    const answer = nextMessage(this.service, isServiceHeap, 10_000, "service thread");
    this.service.postMessage({ type: "heap" });
    return (await answer).heapUsedBytes;
  }

  /** Stops the counters, closes the service (its journal flushed) and waits for every thread to end. */
  async close(): Promise<ServiceClosed> {
    if (this.#closed !== undefined) return this.#closed;
    for (const w of this.counters) w.postMessage({ type: "stop" });
    const closed = nextMessage(this.service, isServiceClosed, 60_000, "service thread");
    this.service.postMessage({ type: "close" });
    this.#closed = await closed;
    // Threads that end by themselves write their CPU profiles; stragglers are terminated.
    const threads = [this.service, ...this.counters];
    await Promise.all(this.#exits.map((exit, i) => withGrace(exit, 5_000, () => threads[i]?.terminate())));
    return this.#closed;
  }

  /** Ends every thread now (after a failure). */
  async terminate(): Promise<void> {
    await Promise.all([this.service, ...this.counters].map((w) => w.terminate()));
  }
}

/** Waits for `exit`; after `graceMs` calls `stop` and waits on. */
async function withGrace(exit: Promise<void>, graceMs: number, stop: () => unknown): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      stop();
      resolve();
    }, graceMs);
  });
  await Promise.race([exit, late]);
  clearTimeout(timer);
  await exit;
}
