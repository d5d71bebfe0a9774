import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { displayReportLineSchema } from "./display-report.ts";
import { formatFieldPath } from "../../sim/contract/field-path.ts";

/** A POSTed screen is one display-report line: far below this. */
const MAX_BODY_BYTES = 64 * 1024;
/** Lines kept per scenario at most (a DUT in a loop must not fill the memory); the rest are counted as problems. */
const MAX_LINES = 10_000;

/** Whether `host` (from a URL) is on the loopback: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  return isIP(h) === 6 && h === "::1";
}

/**
 * The suite's end of `displayReport: {kind: "http", url}`: an HTTP server on the profile's loopback host and port
 * (port 0: any free one; the vendor program gets the real URL through `{displayReport}`) that takes one display-report
 * line per POST to the profile's path — `204` when it is one, `400` with the reason when not (kept as a problem of the
 * scenario, never dropped silently), `404`/`405`/`413` for the wrong path, method or size. The lines received during
 * a scenario are read back as the JSON Lines a `jsonl` report would hold (conformance/README.md#vendors).
 */
export class DisplayReportReceiver {
  private lines: string[] = [];
  private problems: string[] = [];

  private constructor(
    private readonly server: Server,
    /** The URL the vendor program posts to, with the port actually bound. */
    readonly url: string,
  ) {}

  /** Listens where `url` says; rejects with a message for a URL that is not http on the loopback. */
  static async start(url: string): Promise<DisplayReportReceiver> {
    const wanted = new URL(url);
    if (wanted.protocol !== "http:") throw new Error(`displayReport.url: the suite receives screens over plain http on the loopback, got ${wanted.protocol}`);
    if (!isLoopbackHost(wanted.hostname)) throw new Error(`displayReport.url: must be on the loopback (127.0.0.0/8, ::1, localhost), got ${wanted.hostname}`);
    const path = wanted.pathname;
    const made: { receiver?: DisplayReportReceiver } = {}; // requests wait for the listen below, so it is set by then
    const server = createServer((request, response) => made.receiver?.handle(path, request, response));
    const host = wanted.hostname.replace(/^\[|\]$/g, "");
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(Number(wanted.port || 80), host === "localhost" ? "127.0.0.1" : host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : Number(wanted.port);
    const bound = new URL(wanted.href);
    bound.port = String(port);
    made.receiver = new DisplayReportReceiver(server, bound.href);
    return made.receiver;
  }

  /** Starts a scenario: forgets what came before. */
  begin(): void {
    this.lines = [];
    this.problems = [];
  }

  /** The scenario's lines as JSON Lines, and the posts that were not lines. */
  take(): { text: string; problems: string[] } {
    return { text: this.lines.map((l) => `${l}\n`).join(""), problems: [...this.problems] };
  }

  /** Stops listening. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(path: string, request: IncomingMessage, response: ServerResponse): void {
    const answer = (status: number, text?: string): void => {
      if (response.headersSent) return; // one answer per request (an error after the end, say)
      response.writeHead(status, text === undefined ? {} : { "content-type": "text/plain; charset=utf-8" });
      response.end(text);
    };
    if ((request.url ?? "").split("?")[0] !== path) return answer(404, `post screens to ${path}\n`);
    if (request.method !== "POST") {
      response.setHeader("allow", "POST");
      return answer(405, "POST one display-report line per screen\n");
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    request.on("end", () => {
      const n = this.lines.length + this.problems.length + 1;
      if (tooBig) {
        this.problems.push(`post ${n}: body over ${MAX_BODY_BYTES} bytes`);
        return answer(413, `a screen is one JSON object of at most ${MAX_BODY_BYTES} bytes\n`);
      }
      const text = Buffer.concat(chunks).toString("utf8").trim();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.problems.push(`post ${n}: not JSON`);
        return answer(400, "not JSON\n");
      }
      const parsed = displayReportLineSchema.safeParse(value);
      if (!parsed.success) {
        const why = parsed.error.issues.map((i) => `${formatFieldPath(i.path) || "(line)"} ${i.message}`).join("; ");
        this.problems.push(`post ${n}: ${why}`);
        return answer(400, `${why}\n`);
      }
      if (this.lines.length >= MAX_LINES) {
        this.problems.push(`post ${n}: more than ${MAX_LINES} screens in one scenario`);
        return answer(429, "too many screens in this scenario\n");
      }
      this.lines.push(JSON.stringify(value));
      answer(204);
    });
    request.on("error", () => answer(400));
  }
}
