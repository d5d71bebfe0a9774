/**
 * The service thread of `bench readpath`: the online qualification service on loopback, alone in its thread so that
 * `@hono/node-server` may replace the thread's global Request/Response (`overrideGlobalObjects`, ~20% less CPU per
 * request; a worker has globals of its own). The authority is the test JPKI of the shared key cache, the same one the
 * counter threads issue their devices by. The journal lives in the given directory with fsync on. Links arrive over
 * `POST /admin/links`, so they are known to this thread's `CertificateLinks`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { startOnshiServer } from "../../sim/onshi/onshi-server.ts";
import { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import { collectedHeapUsed } from "./collected-heap.ts";
import { isProfileCommand, type ServiceClosed, type ServiceHeap, type ServiceReady, type ServiceThreadData } from "./readpath-messages.ts";
import { answerProfileCommand, ThreadProfiler } from "./thread-profiler.ts";
import { currentThreadId } from "./thread-cpu.ts";

/** How long the bench's service keeps an answered qualification readable, ms. */
const BENCH_QUALIFICATION_RETENTION_MS = 10_000;

const port = parentPort;
if (port === null) throw new Error("service-thread.ts runs as a worker thread");
const { dataDir } = (workerData as { data: ServiceThreadData }).data;

try {
  const authority = await JpkiAuthority.create({ keyStore: KeyStore.shared() });
  // The bench never reads a qualification back after its visit: a short retention (the service's default is a day)
  // keeps a long soak's memory flat, so `bench soak` measures what else the read path keeps.
  const server = await startOnshiServer({ authority, dataDir, overrideGlobalObjects: true, sync: "fsync", qualificationRetentionMs: BENCH_QUALIFICATION_RETENTION_MS });
  const profiler = new ThreadProfiler("service");
  port.on("message", (message: unknown) => {
    if (isProfileCommand(message)) {
      answerProfileCommand(profiler, message, port);
      return;
    }
    const type = (message as { type?: unknown }).type;
    if (type === "heap") {
      const heap: ServiceHeap = { type: "service-heap", heapUsedBytes: collectedHeapUsed() };
      port.postMessage(heap);
      return;
    }
    if (type !== "close") return;
    void server.close().then(
      () => {
        const closed: ServiceClosed = { type: "service-closed", journal: server.service.journalStats };
        port.postMessage(closed);
        port.close();
      },
      (error: unknown) => port.postMessage({ type: "failure", message: `closing the service: ${String(error)}` }),
    );
  });
  const tid = currentThreadId();
  const ready: ServiceReady = { type: "service-ready", url: server.url, facilities: [...server.facilities], adminToken: server.service.adminToken, ...(tid !== undefined ? { tid } : {}) };
  port.postMessage(ready);
} catch (error) {
  port.postMessage({ type: "failure", message: `starting the service: ${error instanceof Error ? error.message : String(error)}` });
}
