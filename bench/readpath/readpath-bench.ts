import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import { BenchThreads } from "./bench-threads.ts";
import { measureHttpFloor } from "./http-floor.ts";
import { fileSystemOf } from "./journal-location.ts";
import { measureRow } from "./measure-row.ts";
import { MemorySampler } from "./memory-sampler.ts";
import { nationalPeak } from "./national-peak.ts";
import { PILOT_MIX, type PilotMix } from "./pilot-mix.ts";
import type { BenchCarrier, BenchHttpClient, BenchMix } from "./readpath-messages.ts";
import type { ReadpathBenchResult, ReadpathRow } from "./readpath-result.ts";
import { describeRowBound } from "./row-bound.ts";
import { measureSigningBound } from "./signing-bound.ts";

export type { ReadpathBenchResult, ReadpathRow } from "./readpath-result.ts";

/** The floor's request carries a field of a JPKI authentication certificate's size (about 1.2–1.4 KB DER), bytes. */
const FLOOR_CERTIFICATE_BYTES = 1300;
/** The floor's answer has the size of a qualification answer with its next challenge, bytes. */
const FLOOR_ANSWER_BYTES = 1000;

/** Options of {@link runReadpathBench}. */
export interface ReadpathBenchOptions {
  /** Time budget of each measured row, ms. */
  budgetMs: number;
  /** The mixes to measure, in order. Default phone, then card (the clean mix). */
  mixes?: readonly BenchMix[];
  /** The pilot mix's seed (printed; the same seed draws the same patients). Default 1. */
  seed?: number;
  /** The pilot mix's shares. Default {@link PILOT_MIX}. */
  pilotMix?: PilotMix;
  /** The numbers of concurrent counters to measure (e.g. 1, 4, 16). */
  counters: readonly number[];
  /** Worker threads the counters are spread over. Default: cores − 1 (one core is the service's), at least 1. */
  counterThreads?: number;
  /** Devices of each mix per counter (distinct personas, at most 8). Default 4. */
  devicesPerCounter?: number;
  /** How devices reach their counter's reader. Default in-process. */
  carrier?: BenchCarrier;
  /** The counters' HTTP client. Default the lean keep-alive socket client. */
  httpClient?: BenchHttpClient;
  /** Measure each row's CPU split in a second pass with V8's sampling profiler on. Default true. */
  split?: boolean;
  /** Unrecorded run of each mix before the rows, ms. Default 1000. */
  warmupMs?: number;
  /** Write V8 CPU profiles of the service and counter threads here (`--cpu-prof`). */
  cpuProfileDir?: string;
  /** Told what is happening. */
  progress?: (line: string) => void;
}

/**
 * The read-path benchmark: complete qualifications against one online qualification service on loopback (real HTTP,
 * real RSA-2048, journal with fsync), for each mix (phones, cards) and number of concurrent counters. The service runs
 * in a worker thread of its own; the counters, with their devices in-process (or each on its own ws socket), in
 * `counterThreads` worker threads. Also measures the machine's RSA-2048 signing bound in the same run and derives the
 * national peak rate. Prints figures; asserts nothing.
 */
export async function runReadpathBench(options: ReadpathBenchOptions): Promise<ReadpathBenchResult> {
  const progress = options.progress ?? (() => undefined);
  const cores = cpus().length;
  const counters = Math.max(...options.counters);
  // One counter thread per core (measured here: with the service thread less busy since the next challenge comes with
  // each answer, two counter threads beat one on 2 cores: 1,201 vs 936 phone qualifications/s).
  const counterThreads = Math.min(counters, options.counterThreads ?? Math.max(1, cores));
  const devicesPerCounter = options.devicesPerCounter ?? 4;
  const carrier = options.carrier ?? "in-process";
  const httpClient = options.httpClient ?? "socket";
  const mixes = options.mixes ?? (["phone", "card"] as const);
  const pilot = mixes.includes("pilot") ? { seed: options.seed ?? 1, mix: options.pilotMix ?? PILOT_MIX } : undefined;
  const overall = new MemorySampler(50);
  overall.start();

  // CA keys into the cache before any thread needs them (a cold cache generates them once, here).
  await JpkiAuthority.create({ keyStore: KeyStore.shared() });
  progress(`RSA-2048 signing bound: ${cores} threads …`);
  const signing = await measureSigningBound(cores, Math.min(2000, Math.max(500, options.budgetMs / 2)));
  progress(`  ${Math.round(signing.perSecond).toLocaleString("en-US")} signatures/s`);
  progress(`HTTP floor: ${counters} keep-alive loops in ${counterThreads} thread(s), one signature + one verification per request …`);
  const floor = await measureHttpFloor({ budgetMs: Math.min(3000, Math.max(1000, options.budgetMs / 2)), connections: counters, clientThreads: counterThreads, requestBytes: FLOOR_CERTIFICATE_BYTES, answerBytes: FLOOR_ANSWER_BYTES });
  progress(`  ${Math.round(floor.perSecond).toLocaleString("en-US")} requests/s, ${floor.cpuMsPerRequest.toFixed(3)} ms CPU each`);
  const national = nationalPeak();

  const dataDir = await mkdtemp(path.join(tmpdir(), "myna-hil-readpath-"));
  let threads: BenchThreads | undefined;
  try {
    progress(`service thread (journal in ${dataDir}); ${counters} counters × ${devicesPerCounter} phones + ${devicesPerCounter} cards in ${counterThreads} counter thread(s) …`);
    const provisionStart = performance.now();
    threads = await BenchThreads.start({
      dataDir,
      counters,
      counterThreads,
      devicesPerCounter,
      carrier,
      httpClient,
      pilot: pilot !== undefined,
      execArgv: options.cpuProfileDir !== undefined ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfileDir] : [],
    });
    const sum = (key: "phones" | "cards" | "links"): number => (threads?.countersReady ?? []).reduce((n, r) => n + r[key], 0);
    const devices = { phones: sum("phones"), cards: sum("cards"), links: sum("links"), provisionSeconds: (performance.now() - provisionStart) / 1000 };
    progress(`  ${devices.phones} phones, ${devices.cards} cards, ${devices.links} links in ${devices.provisionSeconds.toFixed(1)} s`);

    if (pilot !== undefined) progress(`pilot mix: seed ${pilot.seed} (repeat with --seed ${pilot.seed}), phone share ${(pilot.mix.phoneShare * 100).toFixed(2)}%`);
    for (const mix of mixes) {
      const { done } = await threads.run(mix, counters, options.warmupMs ?? 1000, mix === "pilot" ? pilot : undefined);
      progress(`warm-up ${mix}: ${done.reduce((n, d) => n + d.count, 0)} qualifications`);
    }
    const rows: ReadpathRow[] = [];
    for (const mix of mixes) {
      for (const n of options.counters) {
        progress(`${mix} × ${n} counter${n === 1 ? "" : "s"} …`);
        const context = { nationalPeakPerSecond: national.perSecond, signaturesPerSecond: signing.perSecond, budgetMs: options.budgetMs, ...(mix === "pilot" && pilot !== undefined ? { pilot } : {}) };
        const row = await measureRow(threads, mix, n, { ...context, profile: false });
        if (options.split !== false) {
          // The split from a second pass with the profiler on (it slows the row; the headline figures are without it).
          const profiled = await measureRow(threads, mix, n, { ...context, budgetMs: Math.max(500, options.budgetMs / 2), profile: true });
          if (profiled.cpuSplit !== undefined) row.cpuSplit = profiled.cpuSplit;
        }
        row.bound = describeRowBound(row, cores);
        rows.push(row);
        const failed = row.failures > 0 ? `, ${row.failures} FAILED: ${row.firstFailure ?? ""}` : "";
        progress(`  ${Math.round(row.complete.perSecond).toLocaleString("en-US")}/s, p50 ${row.complete.p50Ms.toFixed(1)} ms, p99 ${row.complete.p99Ms.toFixed(1)} ms${failed}`);
      }
    }
    const closed = await threads.close();
    return {
      architecture: {
        serviceThread: "one worker thread: node:http (POST /qualifications and /challenges answered directly, every other route through the hono app with @hono/node-server, overrideGlobalObjects) + OnshiService + journal",
        counterThreads,
        counters,
        carrier,
        httpClient,
        devices,
        journal: `${fileSystemOf(dataDir)}, fdatasync per group commit`,
      },
      signing,
      floor,
      national,
      rows,
      journal: closed.journal,
      peakRssBytes: overall.stop(),
      ...(pilot !== undefined ? { pilot } : {}),
    };
  } catch (error) {
    await threads?.terminate();
    throw error;
  } finally {
    overall.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
