import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import type { LatencySummary } from "../latency-summary.ts";
import type { CpuSplit } from "./cpu-split.ts";
import type { HttpFloor } from "./http-floor.ts";
import type { NationalPeak } from "./national-peak.ts";
import type { PilotMix } from "./pilot-mix.ts";
import type { PilotOutcomeCounts } from "./pilot-outcome-counts.ts";
import type { BenchCarrier, BenchHttpClient, BenchMix, ServiceClosed } from "./readpath-messages.ts";
import type { SigningBound } from "./signing-bound.ts";

/** One row of `bench readpath`: a mix at a number of concurrent counters. */
export interface ReadpathRow {
  mix: BenchMix;
  counters: number;
  /**
   * The complete path (challenge, read, identity proof, consent). In the pilot mix: per patient, whatever the outcome
   * (retries, guidance, slow answers included), and `perSecond` counts patients.
   */
  complete: LatencySummary;
  /** Answered qualifications (ProcessingResultStatus 1) per second: `complete.perSecond` in a clean mix. */
  qualifiedPerSecond: number;
  /** The pilot mix's outcome counts. */
  outcomes?: PilotOutcomeCounts;
  /** Latency until the qualification answer (without the consent call). */
  answer: LatencySummary;
  /** Process CPU (all threads, user + system) over the row, per qualification, ms. */
  cpuMsPerQualification: number;
  /** CPU per qualification (ms) of the service thread and of the counter threads together, when the OS tells. */
  threadCpuMsPerQualification: { service?: number; counters?: number };
  /**
   * CPU per qualification split by where it went, from a second pass of the row with V8's sampling profiler on (its
   * total is that pass's CPU per qualification, the profiler's own cost included): samples of the service and counter
   * threads scaled to each thread's OS CPU, the rest of the process as "other threads".
   */
  cpuSplit?: CpuSplit;
  /** Peak RSS of the process during the row, bytes. */
  peakRssBytes: number;
  /** Cores' worth of CPU other processes used during the row (a shared machine slows every figure); undefined off Linux. */
  otherCores?: number;
  /** Event-loop utilisation (0–1) of the service thread and of each counter thread during the row. */
  busy: { service: number; counters: number[] };
  byKind: Record<DeviceKind, number>;
  /** Counters that stopped on a failed qualification (the row's figures are then not valid). */
  failures: number;
  firstFailure?: string;
  /** Qualifications/s over the national peak rate. */
  nationalPeakRatio: number;
  /** Answered qualifications/s over the machine's RSA-2048 signatures/s. */
  signingRatio: number;
  /** What limits this row's figures. */
  bound: string;
}

/** How the benchmark was set up. */
export interface ReadpathArchitecture {
  serviceThread: string;
  counterThreads: number;
  counters: number;
  carrier: BenchCarrier;
  httpClient: BenchHttpClient;
  devices: { phones: number; cards: number; links: number; provisionSeconds: number };
  /** Where the journal was and how it syncs. */
  journal: string;
}

/** Everything `bench readpath` measured. */
export interface ReadpathBenchResult {
  architecture: ReadpathArchitecture;
  signing: SigningBound;
  /** Bare HTTP exchanges with one signature each, in the same thread layout: the most any HTTP read path reaches here. */
  floor?: HttpFloor;
  national: NationalPeak;
  rows: ReadpathRow[];
  /** The journal's appends and group commits over the whole run. */
  journal: ServiceClosed["journal"];
  /** Peak RSS over the whole run (provisioning included), bytes. */
  peakRssBytes: number;
  /** The pilot mix's seed and shares, when it was measured. */
  pilot?: { seed: number; mix: PilotMix };
}
