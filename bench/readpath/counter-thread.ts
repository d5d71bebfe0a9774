/**
 * A counter thread of `bench readpath`: some of the counters, each with its patients' devices in this thread (the
 * APDUs go in-process, or over each device's own ws socket with `--carrier ws`) and its own HTTP client of the service.
 * Provisions once, links the certificates at the service, then runs what the main thread asks.
 */
import { parentPort, workerData } from "node:worker_threads";
import { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import { BenchCounter } from "./bench-counter.ts";
import { type CertificateLinkEntry, feedCertificateLinks } from "./certificate-link-feed.ts";
import { runCounters } from "./counter-run.ts";
import { feedRevocations } from "./revocation-feed.ts";
import { type CounterThreadData, type CountersReady, isProfileCommand, isRunCommand } from "./readpath-messages.ts";
import { answerProfileCommand, ThreadProfiler } from "./thread-profiler.ts";
import { currentThreadId } from "./thread-cpu.ts";

const port = parentPort;
if (port === null) throw new Error("counter-thread.ts runs as a worker thread");
const data = (workerData as { data: CounterThreadData }).data;
const fail = (what: string, error: unknown): void => port.postMessage({ type: "failure", message: `${what}: ${error instanceof Error ? error.message : String(error)}` });

try {
  const authority = await JpkiAuthority.create({ keyStore: KeyStore.shared() });
  const links: CertificateLinkEntry[] = [];
  const revocations: string[] = [];
  const counters: BenchCounter[] = [];
  for (const spec of data.counters) {
    const context = { authority, baseUrl: data.url, devicesPerCounter: data.devicesPerCounter, carrier: data.carrier, httpClient: data.httpClient, pilot: data.pilot };
    counters.push(await BenchCounter.provision(spec, context, links, revocations));
  }
  await feedCertificateLinks(data.url, data.adminToken, links);
  await feedRevocations(data.url, data.adminToken, revocations);
  const byIndex = new Map(counters.map((c) => [c.index, c]));
  const profiler = new ThreadProfiler("counter");
  port.on("message", (message: unknown) => {
    if (isProfileCommand(message)) {
      answerProfileCommand(profiler, message, port);
    } else if (isRunCommand(message)) {
      const chosen = message.counters.map((i) => byIndex.get(i)).filter((c): c is BenchCounter => c !== undefined);
      runCounters(chosen, message).then(
        (done) => port.postMessage(done, [done.latencies.buffer, done.answerLatencies.buffer]),
        (error: unknown) => fail("running the counters", error),
      );
    } else if ((message as { type?: unknown }).type === "stop") {
      void Promise.all(counters.map((c) => c.close())).finally(() => port.close());
    }
  });
  const ready: CountersReady = {
    type: "counters-ready",
    phones: counters.reduce((n, c) => n + c.devices.phone.length, 0),
    cards: counters.reduce((n, c) => n + c.devices.card.length, 0),
    links: links.length,
  };
  const tid = currentThreadId();
  if (tid !== undefined) ready.tid = tid;
  port.postMessage(ready);
} catch (error) {
  fail("provisioning the counters", error);
}
