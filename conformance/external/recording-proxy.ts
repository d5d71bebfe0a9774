import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServiceCall } from "../observations/scenario-observation.ts";

/** Where the proxy records, on which clock, and what it breaks (replaced per scenario). */
export interface ProxySink {
  calls: ServiceCall[];
  /** One line per request: `+ms METHOD /path → status (ms)`; never headers or bodies. */
  http: string[];
  now(): number;
  /** Answer every `POST /qualifications` with 503 without forwarding it (the service is down: docs/domain/fallbacks.md). */
  failQualify: boolean;
}

/** Largest body the proxy reads (the service itself answers 413 above 64 KiB). */
const MAX_BODY = 256 * 1024;

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        message.destroy();
        return;
      }
      chunks.push(chunk);
    });
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });
}

function json(text: Buffer | string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.toString());
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * The service as an outside DUT sees it: a reverse proxy on 127.0.0.1 in front of the emulated online service, recording
 * every call as the service side saw it (the `service` channel of an observation) — outside the DUT, like
 * conformance/emulated/observing-service.ts for the emulated reference. Bodies pass through unchanged.
 */
export class RecordingProxy {
  sink: ProxySink = { calls: [], http: [], now: () => 0, failQualify: false };
  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  /** Starts the proxy in front of `targetUrl`. */
  static async start(targetUrl: string): Promise<RecordingProxy> {
    const server = createServer();
    const proxy = new RecordingProxy(server, new URL(targetUrl));
    server.on("request", (req: IncomingMessage, res: ServerResponse) => void proxy.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return proxy;
  }

  /** The URL the DUT is given. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sink = this.sink;
    const at = sink.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const finish = (status: number, body: Buffer | string, headers: Record<string, string> = { "content-type": "application/json" }) => {
      sink.http.push(`+${at.toFixed(0)} ms ${method} ${path} → ${status} (${(sink.now() - at).toFixed(0)} ms)`);
      res.writeHead(status, headers);
      res.end(body);
    };
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      finish(413, JSON.stringify({ error: "too-large", message: (error as Error).message }));
      return;
    }
    const op = method === "POST" && path === "/challenges" ? "requestChallenge" : method === "POST" && path === "/qualifications" ? "qualify" : method === "POST" && /^\/qualifications\/[^/]+\/consent$/.test(path) ? "recordConsent" : undefined;
    const sent = json(body);
    const call: ServiceCall | undefined = op === undefined ? undefined : { at, op, outcome: "failed" };
    if (call && op === "qualify" && sent) {
      const challengeId = str(sent.challengeId);
      if (challengeId !== undefined) call.challengeId = challengeId;
      const deviceKind = str(sent.deviceKind);
      if (deviceKind !== undefined) call.deviceKind = deviceKind;
      const m = str(sent.method);
      if (m !== undefined) call.method = m;
      if (typeof sent.consent === "object" && sent.consent !== null) call.consent = { ...(sent.consent as Record<string, string | boolean>) };
    }
    if (call && op === "recordConsent" && sent) call.consent = { ...(sent as Record<string, string | boolean>) };
    if (call) sink.calls.push(call);
    if (op === "qualify" && sink.failQualify) {
      call!.error = "503 unavailable (conformance scenario service-down)";
      finish(503, JSON.stringify({ error: "unavailable", message: "the service is down (conformance scenario)" }));
      return;
    }
    try {
      const answer = await this.forward(req, path, body);
      if (call) {
        const got = json(answer.body);
        if (op === "requestChallenge") {
          const id = str(got?.challengeId);
          if (id !== undefined) call.challengeId = id;
        }
        if (answer.status >= 200 && answer.status < 300) call.outcome = op === "qualify" && got?.processingResultStatus === "2" ? "refused" : "ok";
        else if (op === "qualify" && answer.status === 422) call.outcome = "refused";
        else call.error = `${answer.status} ${str(got?.error) ?? ""}`.trim();
        if (op === "qualify" && got) {
          const code = str(got.processingResultCode);
          if (code !== undefined) call.processingResultCode = code;
          const validity = str(got.qualificationValidity);
          if (validity !== undefined) call.qualificationValidity = validity;
          if (typeof got.certificateInGrace === "boolean") call.certificateInGrace = got.certificateInGrace;
        }
      }
      finish(answer.status, answer.body, answer.headers);
    } catch (error) {
      if (call) call.error = (error as Error).message;
      finish(502, JSON.stringify({ error: "bad-gateway", message: (error as Error).message }));
    }
  }

  private forward(req: IncomingMessage, path: string, body: Buffer): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type", "accept"]) {
        const v = req.headers[name];
        if (typeof v === "string") headers[name] = v;
      }
      if (body.length > 0) headers["content-length"] = String(body.length);
      const out = request(new URL(req.url ?? path, this.target), { method: req.method ?? "GET", headers }, (answer) => {
        readBody(answer)
          .then((data) => resolve({ status: answer.statusCode ?? 502, body: data, headers: { "content-type": String(answer.headers["content-type"] ?? "application/json") } }))
          .catch(reject);
      });
      out.on("error", reject);
      out.end(body);
    });
  }
}
