import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { StatusWord } from "../apdu/status-word.ts";
import { type ApduDevice, TransportError } from "../apdu/index.ts";
import { RateLimitedLog } from "./rate-limited-log.ts";
import { WsFlowControl } from "./ws-flow-control.ts";
import { decodeWsMessage, encodeWsError, encodeWsMessage, WS_ANSWER_FLAG, WsMessageType } from "./ws-message.ts";

/** Options of {@link WsDeviceServer.listen}. */
export interface WsDeviceServerOptions {
  /** Interface to bind (default `127.0.0.1`: loopback only). */
  host?: string;
  /** TCP port (default 0: an ephemeral port, read it from {@link WsDeviceServer.port}). */
  port?: number;
  /** URL path served (default `/`). */
  path?: string;
  /** Largest accepted message in bytes (default 70,000: an extended APDU plus the header). */
  maxPayload?: number;
  /** Power the device on when the server starts (default true). */
  powerOn?: boolean;
  /**
   * Backpressure: answer bytes a connection may have waiting to be written before the server stops reading its
   * requests (default 1 MiB). Reading resumes when half has drained.
   */
  maxBufferedBytes?: number;
  /** A connection paused for backpressure whose answers do not move for this long is disconnected, in ms (default 30,000). */
  stallTimeoutMs?: number;
}

/** Counters of a {@link WsDeviceServer}. */
export interface WsDeviceServerStats {
  /** Requests answered (including error answers). */
  requests: number;
  /** Error answers sent. */
  errors: number;
  /** Clients connected now. */
  clients: number;
  /** Answer bytes waiting to be written, over all clients. */
  bufferedBytes: number;
  /** Clients whose requests are not read now because their answers pile up (backpressure). */
  pausedClients: number;
  /** Clients disconnected because they stopped reading their answers. */
  stalledClients: number;
}

/** Events of a {@link WsDeviceServer}. */
export interface WsDeviceServerEvents {
  /**
   * A bad message or a socket problem; the server keeps serving. Logged to the console when nobody listens,
   * rate-limited (a client can cause one per message): the first few per 10 s, then a count.
   */
  error: [error: TransportError];
}

/**
 * Serves one {@link ApduDevice} on the device bus: a WebSocket server speaking the binary format of `ws-message.ts`.
 * Every client talks to the same device (like shared-mode PC/SC); requests are handled synchronously in arrival order,
 * so the answers on one connection come back in the order of the requests. Bad messages get an ERROR answer.
 * Backpressure ({@link WsFlowControl}): a client that does not read its answers stops being read, and is disconnected
 * when it stays stuck, so the host never queues answers without bound.
 */
export class WsDeviceServer extends EventEmitter<WsDeviceServerEvents> {
  /** The device served. */
  readonly device: ApduDevice;
  private readonly server: WebSocketServer;
  private readonly host: string;
  private readonly path: string;
  private readonly counters = { requests: 0, errors: 0, stalledClients: 0 };
  private readonly flows = new Map<WebSocket, WsFlowControl>();
  private readonly flowOptions: { maxBufferedBytes: number; stallTimeoutMs: number };
  private readonly consoleLog = new RateLimitedLog((line) => console.warn(`[device bus] ${line}`), { what: "device-bus errors" });

  private constructor(device: ApduDevice, server: WebSocketServer, host: string, path: string, options: WsDeviceServerOptions) {
    super();
    this.device = device;
    this.server = server;
    this.host = host;
    this.path = path;
    this.flowOptions = { maxBufferedBytes: Math.max(1, options.maxBufferedBytes ?? 1024 * 1024), stallTimeoutMs: Math.max(1, options.stallTimeoutMs ?? 30_000) };
    server.on("connection", (socket) => this.onConnection(socket));
    server.on("error", (error) => this.fail(new TransportError("io", `device bus server: ${error.message}`, { cause: error })));
  }

  /** Starts serving `device`; resolves once listening. Rejects with `TransportError("unavailable")` when it cannot bind. */
  static listen(device: ApduDevice, options: WsDeviceServerOptions = {}): Promise<WsDeviceServer> {
    const host = options.host ?? "127.0.0.1";
    const path = options.path ?? "/";
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({
        host,
        port: options.port ?? 0,
        path,
        perMessageDeflate: false,
        maxPayload: options.maxPayload ?? 70_000,
        clientTracking: true,
      });
      const onError = (error: Error): void => {
        server.close();
        reject(new TransportError("unavailable", `device bus cannot listen on ${host}:${options.port ?? 0}: ${error.message}`, { cause: error }));
      };
      server.once("error", onError);
      server.once("listening", () => {
        server.off("error", onError);
        if (options.powerOn !== false) device.powerOn();
        resolve(new WsDeviceServer(device, server, host, path, options));
      });
    });
  }

  /** The TCP port listened on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL clients connect to, e.g. `ws://127.0.0.1:40123/`. */
  get url(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `ws://${host}:${this.port}${this.path}`;
  }

  /** A snapshot of the counters. */
  get stats(): WsDeviceServerStats {
    let bufferedBytes = 0;
    let pausedClients = 0;
    for (const flow of this.flows.values()) {
      bufferedBytes += flow.bufferedBytes;
      if (flow.isPaused) pausedClients++;
    }
    return { ...this.counters, clients: this.server.clients.size, bufferedBytes, pausedClients };
  }

  /** Disconnects every client (close code 1001, "going away": the device was removed) and stops listening. */
  close(): Promise<void> {
    this.consoleLog.flush();
    for (const client of this.server.clients) client.close(1001, "device removed");
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const client of this.server.clients) client.terminate();
      }, 1000);
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private onConnection(socket: WebSocket): void {
    socket.binaryType = "nodebuffer";
    const flow = new WsFlowControl(socket, this.flowOptions, {
      handle: (data, isBinary) => this.onMessage(flow, data, isBinary),
      stalled: (unsent) => {
        this.counters.stalledClients++;
        this.fail(new TransportError("io", `device bus client stalled: ${unsent} bytes of answers unread for ${this.flowOptions.stallTimeoutMs} ms; disconnected`));
        flow.dispose();
        socket.terminate();
      },
    });
    this.flows.set(socket, flow);
    socket.on("message", (data, isBinary) => flow.receive(data, isBinary));
    socket.on("close", () => {
      flow.dispose();
      this.flows.delete(socket);
    });
    socket.on("error", (error) => this.fail(new TransportError("io", `device bus client: ${error.message}`, { cause: error })));
  }

  private onMessage(socket: WsFlowControl, data: RawData, isBinary: boolean): void {
    this.counters.requests++;
    if (!isBinary) {
      this.reject(socket, 0, "text messages are not part of the device bus; send binary messages");
      return;
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : Array.isArray(data) ? Buffer.concat(data) : data;
    let type: number;
    let id: number;
    let payload: Uint8Array;
    try {
      ({ type, id, payload } = decodeWsMessage(bytes));
    } catch (error) {
      this.reject(socket, 0, error instanceof Error ? error.message : String(error));
      return;
    }
    try {
      const answer = this.answer(type, payload);
      if (answer === undefined) {
        this.reject(socket, id, `unknown or malformed request type 0x${type.toString(16).padStart(2, "0")} (${payload.length}-byte payload)`);
        return;
      }
      socket.send(encodeWsMessage(type | WS_ANSWER_FLAG, id, answer));
    } catch (error) {
      // The device broke its never-throw contract: answer 6F00 for a transmit, an error otherwise.
      this.fail(new TransportError("protocol", `device ${this.device.description} threw: ${String(error)}`, { cause: error }));
      if (type === WsMessageType.TRANSMIT) socket.send(encodeWsMessage(type | WS_ANSWER_FLAG, id, Uint8Array.of(StatusWord.UNKNOWN >> 8, StatusWord.UNKNOWN & 0xff)));
      else this.reject(socket, id, `device failed: ${String(error)}`, "io");
    }
  }

  /** The answer payload for a request, or `undefined` when the request is not understood. */
  private answer(type: number, payload: Uint8Array): Uint8Array | undefined {
    switch (type) {
      case WsMessageType.TRANSMIT:
        return payload.length > 0 ? this.device.process(payload) : undefined;
      case WsMessageType.RESET:
        if (payload.length > 0) return undefined;
        this.device.reset();
        return this.device.atr;
      case WsMessageType.ATR:
        return payload.length > 0 ? undefined : this.device.atr;
      case WsMessageType.POWER_ON:
        if (payload.length > 0) return undefined;
        this.device.powerOn();
        return this.device.atr;
      case WsMessageType.POWER_OFF:
        if (payload.length > 0) return undefined;
        this.device.powerOff();
        return new Uint8Array(0);
      default:
        return undefined;
    }
  }

  private reject(socket: WsFlowControl, id: number, message: string, code: "protocol" | "io" = "protocol"): void {
    this.counters.errors++;
    this.fail(new TransportError(code, `device bus: ${message}`));
    socket.send(encodeWsError(id, code, message));
  }

  private fail(error: TransportError): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
    else this.consoleLog.log(error.message);
  }
}
