import { KeyStore } from "../../sim/pki/key-store.ts";
import type { HttpFloorThreadData } from "./http-floor-thread.ts";
import { machineCpu, otherLoad } from "./machine-load.ts";
import { nextMessage, spawnTsWorker } from "./spawn-worker.ts";

/** What the floor measured: the most an HTTP read path with one signature per request reaches on this machine. */
export interface HttpFloor {
  connections: number;
  clientThreads: number;
  /** Signed, posted, verified and answered requests per second. */
  perSecond: number;
  /** Process CPU per request, ms. */
  cpuMsPerRequest: number;
  failures: number;
  /** Cores' worth of CPU other processes used meanwhile. */
  otherCores?: number;
}

/** Options of {@link measureHttpFloor}. */
export interface HttpFloorOptions {
  budgetMs: number;
  connections: number;
  clientThreads: number;
  /** Request body's certificate field, bytes before base64 (the identity proof's size). */
  requestBytes: number;
  /** Answer body, bytes. */
  answerBytes: number;
}

const isType =
  <T>(type: string) =>
  (m: unknown): m is T =>
    (m as { type?: unknown }).type === type;

/**
 * The read path's floor in the bench's own thread layout: one server thread, `clientThreads` client threads with
 * `connections` keep-alive loops in all, each request one RSA-2048 signature (client), one verification (server) and
 * one HTTP/1.1 exchange on loopback of the read path's sizes. Its rate over the signing bound is the highest ratio any
 * HTTP read path can reach here; the real path adds its checks, journal and APDUs to it.
 */
export async function measureHttpFloor(options: HttpFloorOptions): Promise<HttpFloor> {
  const { privateKey } = await KeyStore.shared().keyPair("bench:readpath:signing-bound");
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const entry = new URL("./http-floor-thread.ts", import.meta.url);
  const server = spawnTsWorker(entry, { role: "server", privateKeyPem, answerBytes: options.answerBytes } satisfies HttpFloorThreadData, { name: "floor-server" });
  const clients: ReturnType<typeof spawnTsWorker>[] = [];
  try {
    const { port } = await nextMessage(server, isType<{ type: string; port: number }>("floor-server-ready"), 30_000, "floor server");
    const perThread = Math.ceil(options.connections / options.clientThreads);
    for (let t = 0; t < options.clientThreads; t++) {
      const data: HttpFloorThreadData = { role: "client", privateKeyPem, port, connections: perThread, requestBytes: options.requestBytes, budgetMs: options.budgetMs, maxPerConnection: Math.ceil(options.budgetMs * 10) };
      clients.push(spawnTsWorker(entry, data, { name: `floor-client-${t}` }));
    }
    await Promise.all(clients.map((w) => nextMessage(w, isType("floor-client-ready"), 30_000, "floor client")));
    const done = clients.map((w) => nextMessage(w, isType<{ type: string; count: number; failures: number; seconds: number }>("floor-client-done"), options.budgetMs + 30_000, "floor client"));
    const machine0 = machineCpu();
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    for (const w of clients) w.postMessage({ type: "go" });
    const results = await Promise.all(done);
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const wallMs = performance.now() - start;
    const count = results.reduce((n, r) => n + r.count, 0);
    const otherCores = otherLoad(machine0, machineCpu(), cpuMs, wallMs);
    return {
      connections: perThread * options.clientThreads,
      clientThreads: options.clientThreads,
      perSecond: count / (wallMs / 1000),
      cpuMsPerRequest: count > 0 ? cpuMs / count : Number.NaN,
      failures: results.reduce((n, r) => n + r.failures, 0),
      ...(otherCores !== undefined ? { otherCores } : {}),
    };
  } finally {
    await Promise.all([server, ...clients].map((w) => w.terminate()));
  }
}
