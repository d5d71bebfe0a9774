import { WebSocket, type RawData } from "ws";
import { TransportError, type Transceiver, type TransportErrorCode } from "../apdu/index.ts";
import { decodeWsError, decodeWsMessage, encodeWsMessage, WS_ANSWER_FLAG, WsMessageType, type WsRequestType } from "./ws-message.ts";

/** Options of {@link WsTransceiver.connect}. */
export interface WsTransceiverOptions {
  /** Time allowed to open the connection, in ms (default 5000). */
  connectTimeoutMs?: number;
  /** Time allowed for each answer, in ms (default 10,000); late requests reject with `TransportError("timeout")`. */
  requestTimeoutMs?: number;
  /** Largest accepted message in bytes (default 70,000). */
  maxPayload?: number;
  /** Aborts the connection attempt. */
  signal?: AbortSignal;
}

interface Pending {
  readonly type: WsRequestType;
  readonly deadline: number;
  resolve(payload: Uint8Array): void;
  reject(error: TransportError): void;
}

/**
 * The host side of the device bus: a {@link Transceiver} over one WebSocket to a {@link WsDeviceServer}.
 *
 * Pipelining-safe: each request carries an id and several may be in flight at once (a load run keeps the connection
 * busy this way); answers are matched by id. The server handles requests in arrival order, so the card still sees
 * the APDUs in the order they were sent, exactly as if they had been serialised.
 */
export class WsTransceiver implements Transceiver {
  readonly description: string;
  private readonly socket: WebSocket;
  private readonly requestTimeoutMs: number;
  private readonly pending = new Map<number, Pending>();
  private readonly sweeper: NodeJS.Timeout;
  private nextId = 1;
  private ended: { code: TransportErrorCode; message: string } | undefined;
  private strays = 0;

  private constructor(url: string, socket: WebSocket, requestTimeoutMs: number) {
    this.description = `ws:${url}`;
    this.socket = socket;
    this.requestTimeoutMs = requestTimeoutMs;
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    socket.on("error", (error) => this.end("io", `${this.description}: ${error.message}`));
    socket.on("close", (code, reason) => {
      if (code === 1001) this.end("removed", `${this.description}: the device was removed (${reason.toString() || "going away"})`);
      else this.end("closed", `${this.description} closed (code ${code})`);
    });
    this.sweeper = setInterval(() => this.sweep(), Math.max(10, Math.min(1000, requestTimeoutMs / 4)));
    this.sweeper.unref();
  }

  /** Opens a connection to a device-bus server at `url` (e.g. `ws://127.0.0.1:40123/`). */
  static connect(url: string, options: WsTransceiverOptions = {}): Promise<WsTransceiver> {
    const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: options.maxPayload ?? 70_000, handshakeTimeout: connectTimeoutMs });
      socket.binaryType = "nodebuffer";
      const signal = options.signal;
      const fail = (error: TransportError): void => {
        cleanup();
        // terminate() on a socket still connecting makes ws emit 'error' on the next tick ("closed before the
        // connection was established"); with no listener left that would be an uncaught exception.
        socket.on("error", () => undefined);
        socket.terminate();
        reject(error);
      };
      const onAbort = (): void => fail(new TransportError("closed", `connection to ${url} aborted`, { cause: signal?.reason }));
      const onError = (error: Error): void => fail(new TransportError("unavailable", `cannot reach the device bus at ${url}: ${error.message}`, { cause: error }));
      const timer = setTimeout(() => fail(new TransportError("timeout", `no device bus at ${url} within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        socket.off("error", onError);
        signal?.removeEventListener("abort", onAbort);
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.once("error", onError);
      socket.once("open", () => {
        cleanup();
        resolve(new WsTransceiver(url, socket, requestTimeoutMs));
      });
    });
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Answers that matched no request in flight (e.g. arriving after their time-out). */
  get strayAnswers(): number {
    return this.strays;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    if (command.length === 0) return Promise.reject(new TransportError("protocol", "an empty command APDU cannot be sent"));
    return this.request(WsMessageType.TRANSMIT, command);
  }

  atr(): Promise<Uint8Array> {
    return this.request(WsMessageType.ATR);
  }

  reset(): Promise<Uint8Array> {
    return this.request(WsMessageType.RESET);
  }

  /** Cold reset (power applied); resolves with the ATR. */
  powerOn(): Promise<Uint8Array> {
    return this.request(WsMessageType.POWER_ON);
  }

  /** Removes power from the device. */
  async powerOff(): Promise<void> {
    await this.request(WsMessageType.POWER_OFF);
  }

  /** Closes the connection; requests in flight reject with `TransportError("closed")`. */
  close(): Promise<void> {
    this.end("closed", `${this.description} was closed`);
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
      }, 1000);
      this.socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    });
  }

  private request(type: WsRequestType, payload?: Uint8Array): Promise<Uint8Array> {
    if (this.ended) return Promise.reject(new TransportError(this.ended.code, this.ended.message));
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { type, deadline: performance.now() + this.requestTimeoutMs, resolve, reject });
      this.socket.send(encodeWsMessage(type, id, payload));
    });
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (!isBinary || !Buffer.isBuffer(data)) {
      this.strays++;
      return;
    }
    let message;
    try {
      message = decodeWsMessage(data);
    } catch {
      this.strays++;
      return;
    }
    const entry = this.pending.get(message.id);
    if (!entry) {
      this.strays++;
      return;
    }
    this.pending.delete(message.id);
    if (message.type === WsMessageType.ERROR) entry.reject(decodeWsError(message.payload));
    else if (message.type === (entry.type | WS_ANSWER_FLAG)) entry.resolve(message.payload);
    else entry.reject(new TransportError("protocol", `${this.description}: answer type 0x${message.type.toString(16)} to request type 0x${entry.type.toString(16)}`));
  }

  private sweep(): void {
    if (this.pending.size === 0) return;
    const now = performance.now();
    for (const [id, entry] of this.pending) {
      // Map order is send order, and every request has the same time-out: stop at the first one still in time.
      if (entry.deadline > now) break;
      this.pending.delete(id);
      entry.reject(new TransportError("timeout", `${this.description}: no answer within ${this.requestTimeoutMs} ms`));
    }
  }

  private end(code: TransportErrorCode, message: string): void {
    if (!this.ended) this.ended = { code, message };
    clearInterval(this.sweeper);
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const entry of failed) entry.reject(new TransportError(this.ended.code, this.ended.message));
  }
}
