import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import { BenchThreads } from "../readpath/bench-threads.ts";
import { collectedHeapUsed } from "../readpath/collected-heap.ts";
import { PILOT_MIX, type PilotMix } from "../readpath/pilot-mix.ts";
import type { BenchMix } from "../readpath/readpath-messages.ts";
import { DEFAULT_MEMORY_GROWTH_RULE, judgeMemoryGrowth, type MemoryGrowthRule, type MemoryGrowthVerdict, type MemorySample } from "./memory-growth.ts";

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** How long the read path runs, minutes (fractions allowed). */
  minutes: number;
  /** `pilot` (the seeded pilot error mix) or `clean` (phone and card slices in turn). */
  mix: "pilot" | "clean";
  /** Concurrent counters. */
  counters: number;
  /** The pilot mix's seed (printed). */
  seed: number;
  pilotMix?: PilotMix;
  /** Seconds between memory samples (default: the duration ÷ 20, between 0.5 and 5 s). */
  sampleSeconds?: number;
  rule?: MemoryGrowthRule;
  /** Told each sample as it is taken, and what is happening. */
  progress?: (line: string) => void;
  onSample?: (sample: MemorySample) => void;
}

/** What a soak measured and concluded. */
export interface SoakResult {
  minutes: number;
  mix: "pilot" | "clean";
  counters: number;
  counterThreads: number;
  seed: number;
  sampleSeconds: number;
  samples: MemorySample[];
  /** Qualifications (pilot: patients) that did not end as planned. */
  failures: number;
  firstFailure?: string;
  verdict: MemoryGrowthVerdict;
}

/**
 * The soak of the reliability issue: the read-path benchmark's threads (the service with its fsync'd journal in a
 * worker, the counters in one worker per core, devices in-process, loopback only) run complete qualifications for
 * `minutes`, in slices of `sampleSeconds`; after each slice the V8 heap of every thread (after a full GC: each thread
 * collects fully first, a few ms once per slice) and the process RSS are sampled. {@link judgeMemoryGrowth} then says whether memory grows without bound. Bounded: the run ends after the
 * duration (plus one slice at most), whatever happens.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const progress = options.progress ?? (() => undefined);
  const totalMs = options.minutes * 60_000;
  const sampleSeconds = options.sampleSeconds ?? Math.min(5, Math.max(0.5, totalMs / 1000 / 20));
  const counterThreads = Math.min(options.counters, Math.max(1, cpus().length));
  const pilotMix = options.pilotMix ?? PILOT_MIX;
  await JpkiAuthority.create({ keyStore: KeyStore.shared() });
  const dataDir = await mkdtemp(path.join(tmpdir(), "myna-hil-soak-"));
  let threads: BenchThreads | undefined;
  try {
    progress(`soak: ${options.minutes} min, ${options.mix} mix${options.mix === "pilot" ? ` (seed ${options.seed}; repeat with --seed ${options.seed})` : ""}, ${options.counters} counters in ${counterThreads} thread(s), a sample every ${sampleSeconds} s; journal in ${dataDir}`);
    threads = await BenchThreads.start({ dataDir, counters: options.counters, counterThreads, devicesPerCounter: 4, carrier: "in-process", httpClient: "socket", pilot: options.mix === "pilot", execArgv: [] });
    const samples: MemorySample[] = [];
    let qualifications = 0;
    let failures = 0;
    let firstFailure: string | undefined;
    const start = performance.now();
    for (let slice = 0; performance.now() - start < totalMs; slice++) {
      const mix: BenchMix = options.mix === "pilot" ? "pilot" : slice % 2 === 0 ? "phone" : "card";
      // Each slice draws on from a seed of its own, derived from the printed one: the same seed, the same soak patients.
      const pilot = mix === "pilot" ? { mix: pilotMix, seed: (options.seed + Math.imul(slice, 0x9e3779b1)) >>> 0 } : undefined;
      const budgetMs = Math.min(sampleSeconds * 1000, Math.max(1, totalMs - (performance.now() - start)));
      const { done } = await threads.run(mix, options.counters, budgetMs, pilot, true);
      for (const d of done) {
        qualifications += d.count;
        failures += d.failures;
        firstFailure ??= d.firstFailure;
      }
      const heapUsedBytes = collectedHeapUsed() + (await threads.serviceHeapUsed()) + done.reduce((n, d) => n + d.heapUsedBytes, 0);
      const sample: MemorySample = { t: (performance.now() - start) / 1000, qualifications, heapUsedBytes, rssBytes: process.memoryUsage.rss() };
      samples.push(sample);
      options.onSample?.(sample);
    }
    await threads.close();
    const verdict = judgeMemoryGrowth(samples, options.rule ?? DEFAULT_MEMORY_GROWTH_RULE);
    return { minutes: options.minutes, mix: options.mix, counters: options.counters, counterThreads, seed: options.seed, sampleSeconds, samples, failures, ...(firstFailure !== undefined ? { firstFailure } : {}), verdict };
  } catch (error) {
    await threads?.terminate();
    throw error;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
