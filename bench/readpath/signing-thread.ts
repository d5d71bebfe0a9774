/**
 * A thread of the RSA-2048 signing bound: on "go", signs 32-byte challenges (SHA-256, PKCS#1 v1.5, node:crypto) back
 * to back until the time budget or the count bound, then reports how many it made and in how long.
 */
import { createPrivateKey, randomBytes, sign } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

/** `workerData.data` of a signing thread. */
export interface SigningThreadData {
  /** PKCS#8 PEM of an RSA-2048 key. */
  privateKeyPem: string;
  budgetMs: number;
  maxCount: number;
}

const port = parentPort;
if (port === null) throw new Error("signing-thread.ts runs as a worker thread");
const { privateKeyPem, budgetMs, maxCount } = (workerData as { data: SigningThreadData }).data;
const key = createPrivateKey(privateKeyPem);
const challenge = randomBytes(32);
sign("sha256", challenge, key);
port.postMessage({ type: "signing-ready" });
port.once("message", () => {
  const start = performance.now();
  const end = start + budgetMs;
  let count = 0;
  while (count < maxCount && performance.now() < end) {
    sign("sha256", challenge, key);
    count++;
  }
  port.postMessage({ type: "signing-done", count, seconds: (performance.now() - start) / 1000 });
  port.close();
});
