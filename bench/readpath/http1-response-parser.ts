/** One HTTP/1.1 response read off a connection. */
export interface Http1Response {
  status: number;
  text: string;
  /** The server asked to close the connection (`connection: close`). */
  close: boolean;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const MAX_HEAD = 16 * 1024;

/**
 * Reads HTTP/1.1 responses from a byte stream, one after another (keep-alive): status line, headers, then a body of
 * `content-length` bytes or `transfer-encoding: chunked`. A response without either ends with the connection
 * (`end()`). Malformed input throws.
 */
export class Http1ResponseParser {
  #buffer: Buffer = Buffer.alloc(0);

  /** Adds received bytes; returns the responses they complete (usually zero or one). */
  push(chunk: Buffer): Http1Response[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const out: Http1Response[] = [];
    for (;;) {
      const response = this.#next(false);
      if (response === undefined) return out;
      out.push(response);
    }
  }

  /** The connection ended: a response delimited by the close, if one is pending. */
  end(): Http1Response | undefined {
    return this.#buffer.length === 0 ? undefined : this.#next(true);
  }

  /** Whether part of a response has arrived. */
  get pending(): boolean {
    return this.#buffer.length > 0;
  }

  #next(ended: boolean): Http1Response | undefined {
    const buffer = this.#buffer;
    const headEnd = buffer.indexOf(HEADER_END);
    if (headEnd < 0) {
      if (buffer.length > MAX_HEAD) throw new Error("HTTP response head larger than 16 KiB");
      return undefined;
    }
    const head = buffer.toString("latin1", 0, headEnd);
    const lines = head.split("\r\n");
    const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "");
    if (statusLine === null) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify((lines[0] ?? "").slice(0, 80))}`);
    let length: number | undefined;
    let chunked = false;
    let close = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") length = Number(value);
      else if (name === "transfer-encoding") chunked = value.toLowerCase().includes("chunked");
      else if (name === "connection") close = value.toLowerCase() === "close";
    }
    const start = headEnd + 4;
    const status = Number(statusLine[1]);
    if (chunked) {
      const body = this.#dechunk(start);
      if (body === undefined) return undefined;
      return { status, text: body.text, close };
    }
    if (length !== undefined) {
      if (!Number.isSafeInteger(length) || length < 0) throw new Error("bad content-length");
      if (buffer.length < start + length) return undefined;
      this.#buffer = buffer.subarray(start + length);
      return { status, text: buffer.toString("utf8", start, start + length), close };
    }
    if (status === 204 || status === 304) {
      this.#buffer = buffer.subarray(start);
      return { status, text: "", close };
    }
    if (!ended) return undefined;
    this.#buffer = Buffer.alloc(0);
    return { status, text: buffer.toString("utf8", start), close: true };
  }

  /** A chunked body starting at `start`, once complete (trailers skipped). */
  #dechunk(start: number): { text: string } | undefined {
    const buffer = this.#buffer;
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = buffer.indexOf("\r\n", at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(buffer.toString("latin1", at, lineEnd), 16);
      if (!Number.isSafeInteger(size) || size < 0) throw new Error("bad chunk size");
      if (size === 0) {
        const end = buffer.indexOf(HEADER_END, lineEnd);
        if (end < 0) return undefined;
        this.#buffer = buffer.subarray(end + 4);
        return { text: Buffer.concat(parts).toString("utf8") };
      }
      if (buffer.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
}
