/**
 * A thread of the HTTP floor (bench/readpath/http-floor.ts). As `server`: node:http on loopback that reads each JSON
 * body, checks its RSA-2048 signature over its challenge with one cached public key, and answers a JSON body of the
 * size a qualification answer has. As `client`: `connections` keep-alive loops, each signing a fresh 32-byte challenge
 * and posting it with a certificate-sized field, through the counters' own HTTP client. Nothing else: no schema, no
 * journal, no certificate chain, no APDUs.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { socketHttpTransport } from "./socket-http-transport.ts";

/** `workerData.data` of a floor thread. */
export type HttpFloorThreadData =
  | { role: "server"; privateKeyPem: string; answerBytes: number }
  | { role: "client"; privateKeyPem: string; port: number; connections: number; requestBytes: number; budgetMs: number; maxPerConnection: number };

const port = parentPort;
if (port === null) throw new Error("http-floor-thread.ts runs as a worker thread");
const data = (workerData as { data: HttpFloorThreadData }).data;

if (data.role === "server") {
  const publicKey = createPublicKey(createPrivateKey(data.privateKeyPem));
  const answer = Buffer.from(JSON.stringify({ result: "x".repeat(Math.max(0, data.answerBytes - 14)) }));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { challenge: string; signature: string };
      const ok = verify("sha256", Buffer.from(body.challenge, "base64"), publicKey, Buffer.from(body.signature, "base64"));
      res.writeHead(ok ? 200 : 422, { "content-type": "application/json", "content-length": answer.length });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => port.postMessage({ type: "floor-server-ready", port: (server.address() as AddressInfo).port }));
  port.on("message", () => server.close(() => port.close()));
} else {
  const privateKey = createPrivateKey(data.privateKeyPem);
  const filler = randomBytes(Math.ceil((data.requestBytes * 3) / 4)).toString("base64");
  const origin = `http://127.0.0.1:${data.port}`;
  port.postMessage({ type: "floor-client-ready" });
  port.once("message", () => {
    const end = performance.now() + data.budgetMs;
    let count = 0;
    let failures = 0;
    const loop = async (): Promise<void> => {
      const send = socketHttpTransport(origin);
      for (let i = 0; i < data.maxPerConnection && performance.now() < end; i++) {
        const challenge = randomBytes(32);
        const signature = sign("sha256", challenge, privateKey);
        const body = JSON.stringify({ certificate: filler, challenge: challenge.toString("base64"), signature: signature.toString("base64") });
        const answer = await send(`${origin}/floor`, { method: "POST", headers: { "content-type": "application/json" }, body });
        if (answer.status === 200) count++;
        else failures++;
      }
    };
    const start = performance.now();
    void Promise.all(Array.from({ length: data.connections }, loop)).then(
      () => port.postMessage({ type: "floor-client-done", count, failures, seconds: (performance.now() - start) / 1000 }),
      (error: unknown) => port.postMessage({ type: "failure", message: `floor client: ${String(error)}` }),
    );
  });
}
