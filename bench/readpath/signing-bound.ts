import { KeyStore } from "../../sim/pki/key-store.ts";
import { machineCpu, otherLoad } from "./machine-load.ts";
import { nextMessage, spawnTsWorker } from "./spawn-worker.ts";
import type { SigningThreadData } from "./signing-thread.ts";

/** The machine's RSA-2048 signing rate with every core signing. */
export interface SigningBound {
  threads: number;
  /** Signatures per second, summed over the threads. */
  perSecond: number;
  /** Signatures per second of each thread. */
  perThread: number[];
  /** Cores' worth of CPU other processes used meanwhile (undefined off Linux). */
  otherCores?: number;
}

type SigningDone = { type: "signing-done"; count: number; seconds: number };
const isReady = (m: unknown): m is { type: "signing-ready" } => (m as { type?: unknown }).type === "signing-ready";
const isDone = (m: unknown): m is SigningDone => (m as { type?: unknown }).type === "signing-done";

/**
 * Measures RSA-2048 signatures per second (node:crypto `sign("sha256", …)`, PKCS#1 v1.5) on `threads` worker threads
 * at once, started together once all are ready. The key comes from the shared key cache.
 */
export async function measureSigningBound(threads: number, budgetMs: number): Promise<SigningBound> {
  const { privateKey } = await KeyStore.shared().keyPair("bench:readpath:signing-bound");
  const data: SigningThreadData = { privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string, budgetMs, maxCount: Math.ceil(budgetMs * 20) };
  const workers = Array.from({ length: threads }, (_, i) => spawnTsWorker(new URL("./signing-thread.ts", import.meta.url), data, { name: `signing-${i}` }));
  try {
    await Promise.all(workers.map((w) => nextMessage(w, isReady, 30_000, "signing thread")));
    const done = workers.map((w) => nextMessage(w, isDone, budgetMs + 30_000, "signing thread"));
    const machine0 = machineCpu();
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    for (const w of workers) w.postMessage({ type: "go" });
    const perThread = (await Promise.all(done)).map((d) => d.count / d.seconds);
    const cpu = process.cpuUsage(cpu0);
    const otherCores = otherLoad(machine0, machineCpu(), (cpu.user + cpu.system) / 1000, performance.now() - start);
    return { threads, perSecond: perThread.reduce((a, b) => a + b, 0), perThread, ...(otherCores !== undefined ? { otherCores } : {}) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
