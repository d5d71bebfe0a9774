import type { FacilityCredentials } from "../../sim/onshi/facility-directory.ts";
import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import type { CpuCategory } from "./cpu-categories.ts";
import type { PilotMix } from "./pilot-mix.ts";
import type { PilotOutcomeCounts } from "./pilot-outcome-counts.ts";

/** A clean mix: every patient qualifies with phones (Android and iPhone, alternating) or with My Number Cards. */
export type CleanMix = "phone" | "card";

/** What the counters present: a clean mix, or the seeded pilot error mix (bench/readpath/pilot-mix.ts). */
export type BenchMix = CleanMix | "pilot";

/** How each device reaches its counter's reader: a direct call, or its own ws socket on loopback. */
export type BenchCarrier = "in-process" | "ws";

/** The counters' HTTP client: the lean keep-alive socket client, or node:http (OnshiClient's default). */
export type BenchHttpClient = "socket" | "node-http";

/** `workerData.data` of the service thread. */
export interface ServiceThreadData {
  /** The journal's directory (durability on). */
  dataDir: string;
}

/** The service thread is listening. */
export interface ServiceReady {
  type: "service-ready";
  url: string;
  facilities: FacilityCredentials[];
  /** For the MODELLED J-LIS link feed (`POST /admin/links`). */
  adminToken: string;
  /** The thread's OS thread ID (for its CPU time), when known. */
  tid?: number;
}

/** The service thread closed its server and journal. */
export interface ServiceClosed {
  type: "service-closed";
  /** Journal appends acknowledged, the group commits (write + fdatasync) they took, and the file size. */
  journal: { appends: number; commits: number; bytes: number } | undefined;
}

/** One counter (a qualification terminal at a facility) and where it belongs. */
export interface CounterSpec {
  index: number;
  facility: FacilityCredentials;
}

/** `workerData.data` of a counter thread. */
export interface CounterThreadData {
  url: string;
  adminToken: string;
  counters: CounterSpec[];
  devicesPerCounter: number;
  carrier: BenchCarrier;
  httpClient: BenchHttpClient;
  /** Issue the pilot mix's special devices too. */
  pilot: boolean;
}

/** A counter thread has provisioned its devices and linked their certificates at the service. */
export interface CountersReady {
  type: "counters-ready";
  phones: number;
  cards: number;
  links: number;
  /** The thread's OS thread ID (for its CPU time), when known. */
  tid?: number;
}

/** Run complete qualifications on some of the thread's counters. */
export interface RunCommand {
  type: "run";
  mix: BenchMix;
  /** Indices of the counters that take part. */
  counters: number[];
  budgetMs: number;
  /** Qualifications per counter at most (the loop's count bound). */
  maxPerCounter: number;
  /** The pilot mix: its shares and the run's seed (counter `i` draws from `counterSeed(seed, i)`). */
  pilot?: { mix: PilotMix; seed: number };
  /** Collect garbage fully before reporting the thread's heap (the soak's samples). */
  collectHeap?: boolean;
}

/** The figures of one run on one thread: latencies in ms, complete and up to the qualification answer. */
export interface RunDone {
  type: "run-done";
  count: number;
  latencies: Float64Array<ArrayBuffer>;
  answerLatencies: Float64Array<ArrayBuffer>;
  byKind: Record<DeviceKind, number>;
  failures: number;
  firstFailure?: string;
  /** The pilot mix's outcomes (patients; `count` is then patients, qualified or not). */
  outcomes?: PilotOutcomeCounts;
  /** The thread's V8 heap in use after the run, bytes (after a full GC when the command asked `collectHeap`). */
  heapUsedBytes: number;
}

/** The service thread's V8 heap in use, on request (`{ type: "heap" }`). */
export interface ServiceHeap {
  type: "service-heap";
  heapUsedBytes: number;
}

/** Start (`profile-start`) or stop (`profile-stop`) sampling the thread's CPU for the row's split. */
export interface ProfileCommand {
  type: "profile-start" | "profile-stop";
}

/** A thread's answer to a {@link ProfileCommand}: `sampledMs` once stopped, `error` when the profiler failed. */
export interface ProfileAnswer {
  type: "profile-answer";
  sampledMs?: Record<CpuCategory, number>;
  error?: string;
}

const typed =
  <T extends { type: string }>(type: T["type"]) =>
  (message: unknown): message is T =>
    typeof message === "object" && message !== null && (message as { type?: unknown }).type === type;

/** Type guards of the messages above. */
export const isServiceReady = typed<ServiceReady>("service-ready");
export const isServiceClosed = typed<ServiceClosed>("service-closed");
export const isCountersReady = typed<CountersReady>("counters-ready");
export const isRunCommand = typed<RunCommand>("run");
export const isRunDone = typed<RunDone>("run-done");
export const isServiceHeap = typed<ServiceHeap>("service-heap");
export const isProfileAnswer = typed<ProfileAnswer>("profile-answer");

/** Whether a message is a {@link ProfileCommand}. */
export function isProfileCommand(message: unknown): message is ProfileCommand {
  const type = (message as { type?: unknown } | null)?.type;
  return type === "profile-start" || type === "profile-stop";
}
