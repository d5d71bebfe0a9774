import type { Worker } from "node:worker_threads";
import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import { summariseLatencies } from "../latency-summary.ts";
import type { BenchThreads } from "./bench-threads.ts";
import { combineCpuSplit, type SampledThread } from "./cpu-split.ts";
import { machineCpu, otherLoad } from "./machine-load.ts";
import { MemorySampler } from "./memory-sampler.ts";
import { mergePilotOutcomes } from "./pilot-outcome-counts.ts";
import type { BenchMix, RunCommand } from "./readpath-messages.ts";
import type { ReadpathRow } from "./readpath-result.ts";
import { threadCpuMs } from "./thread-cpu.ts";

/** What a row's ratios and bound are computed against. */
export interface RowContext {
  nationalPeakPerSecond: number;
  signaturesPerSecond: number;
  budgetMs: number;
  /** The pilot mix's shares and seed (pilot rows). */
  pilot?: RunCommand["pilot"];
  /**
   * Sample the service and counter threads with V8's profiler during the row, for the CPU split. The profiler costs
   * throughput itself (~14% of phone × 16 here), so the bench measures its headline rows without it and takes the
   * split from a second, profiled pass.
   */
  profile: boolean;
}

type Elu = ReturnType<Worker["performance"]["eventLoopUtilization"]>;

/** The sum, or undefined when any part is unknown. */
function sumDefined(values: readonly (number | undefined)[]): number | undefined {
  let sum = 0;
  for (const v of values) {
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
}

const delta = (before: number | undefined, after: number | undefined): number | undefined => (before === undefined || after === undefined ? undefined : after - before);

function merge(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/**
 * Runs one row and takes its figures: rate and latency from the counters; process CPU (`process.cpuUsage`, every
 * thread), each thread's CPU (`/proc`), the event-loop utilisation of each thread, peak RSS sampled every 20 ms, and
 * the CPU other processes used meanwhile. `bound` is left empty for the caller.
 */
export async function measureRow(threads: BenchThreads, mix: BenchMix, counters: number, context: RowContext): Promise<ReadpathRow> {
  if (context.profile) await threads.profile("profile-start");
  const serviceTid = threads.serviceReady.tid;
  const counterTids = threads.countersReady.map((r) => r.tid);
  const eluService = threads.service.performance.eventLoopUtilization();
  const eluCounters = threads.counters.map((w) => w.performance.eventLoopUtilization());
  const serviceCpu0 = threadCpuMs(serviceTid);
  const counterCpu0 = counterTids.map(threadCpuMs);
  const countersCpu0 = sumDefined(counterCpu0);
  const machine0 = machineCpu();
  const cpu0 = process.cpuUsage();
  const memory = new MemorySampler(20);
  memory.start();

  const { done, seconds } = await threads.run(mix, counters, context.budgetMs, context.pilot);

  const peakRssBytes = memory.stop();
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const serviceCpu = delta(serviceCpu0, threadCpuMs(serviceTid));
  const countersCpu = delta(countersCpu0, sumDefined(counterTids.map(threadCpuMs)));
  const perCounterCpu = counterTids.map((tid, i) => delta(counterCpu0[i], threadCpuMs(tid)));
  const otherCores = otherLoad(machine0, machineCpu(), cpuMs, seconds * 1000);
  const busy = {
    service: threads.service.performance.eventLoopUtilization(eluService).utilization,
    counters: threads.counters.map((w, i) => w.performance.eventLoopUtilization(eluCounters[i] as Elu).utilization),
  };

  // A thread whose profiler failed answers with an error (a thread that never started answers so to the stop too).
  const stopped = context.profile ? await threads.profile("profile-stop") : [];
  const count = done.reduce((n, d) => n + d.count, 0);
  const sampled: SampledThread[] = [];
  stopped.forEach((answer, i) => {
    if (answer.sampledMs === undefined) return;
    const threadCpu = i === 0 ? serviceCpu : perCounterCpu[i - 1];
    sampled.push({ sampledMs: answer.sampledMs, ...(threadCpu !== undefined ? { cpuMs: threadCpu } : {}) });
  });
  const cpuSplit = sampled.length === stopped.length && sampled.length > 0 ? combineCpuSplit(sampled, cpuMs, count) : undefined;
  const complete = summariseLatencies(merge(done.map((d) => d.latencies)), count, seconds);
  const answer = summariseLatencies(merge(done.map((d) => d.answerLatencies)), count, seconds);
  const byKind: Record<DeviceKind, number> = { card: 0, iphone: 0, android: 0 };
  for (const d of done) for (const kind of Object.keys(byKind) as DeviceKind[]) byKind[kind] += d.byKind[kind];
  const firstFailure = done.find((d) => d.firstFailure !== undefined)?.firstFailure;
  const pilotParts = done.flatMap((d) => (d.outcomes !== undefined ? [d.outcomes] : []));
  const outcomes = pilotParts.length > 0 ? mergePilotOutcomes(pilotParts) : undefined;
  const qualifiedPerSecond = outcomes === undefined ? complete.perSecond : seconds > 0 ? outcomes.qualified / seconds : 0;
  return {
    mix,
    counters,
    complete,
    answer,
    cpuMsPerQualification: count === 0 ? Number.NaN : cpuMs / count,
    threadCpuMsPerQualification: {
      ...(serviceCpu !== undefined && count > 0 ? { service: serviceCpu / count } : {}),
      ...(countersCpu !== undefined && count > 0 ? { counters: countersCpu / count } : {}),
    },
    ...(cpuSplit !== undefined ? { cpuSplit } : {}),
    peakRssBytes,
    ...(otherCores !== undefined ? { otherCores } : {}),
    busy,
    byKind,
    failures: done.reduce((n, d) => n + d.failures, 0),
    ...(firstFailure !== undefined ? { firstFailure } : {}),
    qualifiedPerSecond,
    ...(outcomes !== undefined ? { outcomes } : {}),
    nationalPeakRatio: complete.perSecond / context.nationalPeakPerSecond,
    signingRatio: qualifiedPerSecond / context.signaturesPerSecond,
    bound: "",
  };
}
