import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import type { BenchCounter } from "./bench-counter.ts";
import { collectedHeapUsed } from "./collected-heap.ts";
import { completeQualification } from "./complete-qualification.ts";
import { counterSeed, PilotDraw } from "./pilot-draw.ts";
import { countPilotVisit, emptyPilotOutcomes, type PilotOutcomeCounts } from "./pilot-outcome-counts.ts";
import { pilotQualification } from "./pilot-qualification.ts";
import type { RunCommand, RunDone } from "./readpath-messages.ts";

/**
 * Runs the counters of a {@link RunCommand} side by side, each doing complete qualifications back to back until the
 * time budget or its count bound is reached. A counter stops at its first failure (counted and reported: a benchmark
 * of failing qualifications would measure the wrong thing). In the pilot mix each counter draws its patients from
 * `counterSeed(seed, index)` (the same patients in the same order for the same seed, in every row) and a patient is
 * a failure only when it does not end as its plan predicts; refusals and device errors are counted outcomes.
 */
export async function runCounters(counters: readonly BenchCounter[], command: RunCommand): Promise<RunDone> {
  const capacity = command.maxPerCounter * counters.length;
  const latencies = new Float64Array(capacity);
  const answerLatencies = new Float64Array(capacity);
  const byKind: Record<DeviceKind, number> = { card: 0, iphone: 0, android: 0 };
  const outcomes: PilotOutcomeCounts | undefined = command.mix === "pilot" ? emptyPilotOutcomes() : undefined;
  let count = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const end = performance.now() + command.budgetMs;
  await Promise.all(
    counters.map(async (counter) => {
      const draw = command.pilot !== undefined ? new PilotDraw(counterSeed(command.pilot.seed, counter.index), command.pilot.mix) : undefined;
      for (let done = 0; done < command.maxPerCounter && performance.now() < end; done++) {
        try {
          let ms: number;
          let kind: DeviceKind;
          if (command.mix === "pilot") {
            if (draw === undefined || outcomes === undefined) throw new Error("a pilot run needs its mix and seed");
            const plan = draw.next();
            const start = performance.now();
            const { visit, signatures } = await pilotQualification(counter, plan);
            ms = performance.now() - start;
            kind = plan.device;
            countPilotVisit(outcomes, plan, visit, signatures);
          } else {
            const device = counter.nextDevice(command.mix);
            ms = (await completeQualification(counter.client, device)).totalMs;
            kind = device.kind;
          }
          latencies[count] = ms;
          answerLatencies[count] = ms;
          count++;
          byKind[kind]++;
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
    ...(outcomes !== undefined ? { outcomes } : {}),
    heapUsedBytes: command.collectHeap === true ? collectedHeapUsed() : process.memoryUsage().heapUsed,
  };
}
