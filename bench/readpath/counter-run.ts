import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import type { BenchCounter } from "./bench-counter.ts";
import { completeQualification } from "./complete-qualification.ts";
import type { RunCommand, RunDone } from "./readpath-messages.ts";

/**
 * Runs the counters of a {@link RunCommand} side by side, each doing complete qualifications back to back until the
 * time budget or its count bound is reached. A counter stops at its first failure (counted and reported: a benchmark
 * of failing qualifications would measure the wrong thing).
 */
export async function runCounters(counters: readonly BenchCounter[], command: RunCommand): Promise<RunDone> {
  const capacity = command.maxPerCounter * counters.length;
  const latencies = new Float64Array(capacity);
  const answerLatencies = new Float64Array(capacity);
  const byKind: Record<DeviceKind, number> = { card: 0, iphone: 0, android: 0 };
  let count = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const end = performance.now() + command.budgetMs;
  await Promise.all(
    counters.map(async (counter) => {
      for (let done = 0; done < command.maxPerCounter && performance.now() < end; done++) {
        const device = counter.nextDevice(command.mix);
        try {
          const timing = await completeQualification(counter.client, device);
          latencies[count] = timing.totalMs;
          answerLatencies[count] = timing.answerMs;
          count++;
          byKind[device.kind]++;
        } catch (error) {
          failures++;
          firstFailure ??= `counter ${counter.index}: ${error instanceof Error ? error.message : String(error)}`;
          return;
        }
      }
    }),
  );
  return {
    type: "run-done",
    count,
    latencies: latencies.slice(0, count),
    answerLatencies: answerLatencies.slice(0, count),
    byKind,
    failures,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
  };
}
