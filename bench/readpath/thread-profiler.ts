import { Session } from "node:inspector";
import type { MessagePort } from "node:worker_threads";
import type { ProfileAnswer, ProfileCommand } from "./readpath-messages.ts";
import { categoriseProfile, type CpuCategory, type SampledProfile, type ThreadRole } from "./cpu-categories.ts";

/** V8's sampling interval for the CPU split, µs (V8's default is 1,000; finer costs the measured threads more). */
export const SPLIT_SAMPLING_INTERVAL_US = 1000;

/**
 * Samples the calling thread's CPU with V8's profiler (through `node:inspector`, the thread's own session) between
 * {@link start} and {@link stop}, and returns the sampled time per category. One profile at a time per thread.
 */
export class ThreadProfiler {
  readonly #role: ThreadRole;
  #session: Session | undefined;

  constructor(role: ThreadRole) {
    this.#role = role;
  }

  async start(): Promise<void> {
    if (this.#session !== undefined) throw new Error("the thread is already being profiled");
    const session = new Session();
    session.connect();
    this.#session = session;
    await post(session, "Profiler.enable");
    await post(session, "Profiler.setSamplingInterval", { interval: SPLIT_SAMPLING_INTERVAL_US });
    await post(session, "Profiler.start");
  }

  /** Stops sampling; the sampled milliseconds per category (idle excluded). */
  async stop(): Promise<Record<CpuCategory, number>> {
    const session = this.#session;
    if (session === undefined) throw new Error("the thread is not being profiled");
    this.#session = undefined;
    try {
      const { profile } = (await post(session, "Profiler.stop")) as { profile: SampledProfile };
      await post(session, "Profiler.disable");
      return categoriseProfile(profile, this.#role);
    } finally {
      session.disconnect();
    }
  }
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Carries out a {@link ProfileCommand} in the thread that received it and answers on `port`. */
export function answerProfileCommand(profiler: ThreadProfiler, command: ProfileCommand, port: MessagePort): void {
  const action = command.type === "profile-start" ? profiler.start().then(() => undefined) : profiler.stop();
  action.then(
    (sampledMs) => port.postMessage({ type: "profile-answer", ...(sampledMs !== undefined ? { sampledMs } : {}) } satisfies ProfileAnswer),
    (error: unknown) => port.postMessage({ type: "profile-answer", error: String(error) } satisfies ProfileAnswer),
  );
}
