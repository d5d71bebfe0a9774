import { EventEmitter } from "node:events";
import { connect as netConnect, type Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { StatusWord } from "../apdu/status-word.ts";
import { type ApduDevice, TransportError } from "../apdu/index.ts";
import { RateLimitedLog } from "./rate-limited-log.ts";
import { noteCardInserted, noteCardRemoved, notePresencePoll } from "./vpcd-poll-gap.ts";
import { loadQuickAck, type QuickAckArmer } from "./tcp-quick-ack.ts";
import { encodeVpcdFrame, VPCD_MAX_PAYLOAD, VpcdFrameReader } from "./vpcd-frame-reader.ts";

/** vpcd's TCP port for slot 0 (`Virtual PCD 00 00`); slot 1 is the next port. */
export const VPCD_DEFAULT_PORT = 35963;

/** One-byte control messages vpcd sends (docs/domain/pcsc-vpcd.md). */
export const VpcdControl = {
  /** Power off; no reply. */
  POWER_OFF: 0x00,
  /** Power on; no reply. */
  POWER_ON: 0x01,
  /** Warm reset; no reply. */
  RESET: 0x02,
  /** Get ATR; reply with the ATR. vpcd also uses it to poll presence. */
  GET_ATR: 0x04,
} as const;

/** Options of {@link VpcdCardLink.connect}. */
export interface VpcdCardLinkOptions {
  /** vpcd host (default `127.0.0.1`; vpcd listens on all interfaces, keep tests on loopback). */
  host?: string;
  /** vpcd port; default `35963 + slot`. */
  port?: number;
  /** vpcd slot, 0 or 1 (default 0); ignored when `port` is given. */
  slot?: 0 | 1;
  /** Re-arm Linux `TCP_QUICKACK` after every read when the optional `sockopt` package loads (default true). */
  quickAck?: boolean;
  /** Aborts a pending (re)connect. */
  signal?: AbortSignal;
  /** Connection attempts per insert while vpcd is not listening yet (default 50). */
  connectAttempts?: number;
  /** Time budget per insert across all attempts, in ms (default 5000). */
  connectTimeoutMs?: number;
  /** Pause between attempts, in ms (default 100). */
  retryDelayMs?: number;
  /** Largest accepted frame payload (default 65535); longer C-APDUs are skipped and answered `6700`. */
  maxPayload?: number;
}

/** Why the link's socket closed. */
export type VpcdCloseReason = "removed" | "closed" | "peer";

/** Counters of a {@link VpcdCardLink}, cumulative over re-insertions. */
export interface VpcdCardLinkStats {
  /** Command APDUs answered (including `6700` answers to refused frames). */
  apdus: number;
  /** Control messages handled (power off/on, reset, get ATR). */
  controls: number;
  /** Frames that could not be handled (empty, unknown control code, oversized, device misbehaving). */
  protocolErrors: number;
  /** Bytes received from vpcd. */
  bytesIn: number;
  /** Bytes sent to vpcd. */
  bytesOut: number;
  /** Connections made (insertions). */
  insertions: number;
}

/** Events of a {@link VpcdCardLink}. */
export interface VpcdCardLinkEvents {
  /**
   * A bad frame or socket problem; the link keeps serving where it can. Logged to the console when nobody listens,
   * rate-limited (a peer can cause one per frame): the first few per 10 s, then a count.
   */
  error: [error: TransportError];
  /** The socket closed: the card is out of the reader. */
  closed: [reason: VpcdCloseReason];
  /** Connected to vpcd: the card is in the reader. */
  inserted: [];
  /** A control message was handled. */
  control: [code: number];
}

/**
 * The card side of vpcd (vsmartcard's virtual reader inside pcscd): connects to vpcd as a TCP client and serves an
 * {@link ApduDevice}. Connected means the card is in the reader; {@link remove} and {@link insert} move it.
 */
export class VpcdCardLink extends EventEmitter<VpcdCardLinkEvents> {
  /** The device served. */
  readonly device: ApduDevice;
  /** `host:port` of vpcd. */
  readonly address: string;
  private readonly host: string;
  private readonly port: number;
  private readonly options: VpcdCardLinkOptions;
  private readonly reader: VpcdFrameReader;
  private socket: Socket | undefined;
  private armer: QuickAckArmer | undefined;
  private closing: VpcdCloseReason | undefined;
  private closedForGood = false;
  /** Where the last call of insert()/remove() wants the card; the link moves it there, one step at a time. */
  private wanted = false;
  private settling: Promise<void> | undefined;
  /** Cuts short the pause between connection attempts when a remove() or close() supersedes the insert. */
  private retryWait: AbortController | undefined;
  private readonly consoleLog: RateLimitedLog;
  /** The last control message handled (to tell a power-up's get-ATR from a presence poll). */
  private lastControl: number | undefined;
  private readonly counters: VpcdCardLinkStats = { apdus: 0, controls: 0, protocolErrors: 0, bytesIn: 0, bytesOut: 0, insertions: 0 };

  /** Creates a link without connecting; {@link insert} connects. Prefer {@link VpcdCardLink.connect}. */
  constructor(device: ApduDevice, options: VpcdCardLinkOptions = {}) {
    super();
    this.device = device;
    this.options = options;
    this.host = options.host ?? "127.0.0.1";
    this.port = options.port ?? VPCD_DEFAULT_PORT + (options.slot ?? 0);
    this.address = `${this.host}:${this.port}`;
    this.consoleLog = new RateLimitedLog((line) => console.warn(`[vpcd ${this.address}] ${line}`), { what: "vpcd errors" });
    this.reader = new VpcdFrameReader(
      { onFrame: (payload) => this.onFrame(payload), onOversized: (length) => this.onOversized(length) },
      { maxPayload: options.maxPayload ?? VPCD_MAX_PAYLOAD },
    );
  }

  /** Connects `device` to vpcd (the card is inserted), retrying a bounded number of times while vpcd is not listening. */
  static async connect(device: ApduDevice, options: VpcdCardLinkOptions = {}): Promise<VpcdCardLink> {
    const link = new VpcdCardLink(device, options);
    await link.insert();
    return link;
  }

  /** True while the card is in the reader (socket connected). */
  get inserted(): boolean {
    return this.socket !== undefined;
  }

  /** True when `TCP_QUICKACK` is being re-armed after every read on the current connection; false for plain sockets. */
  get quickAck(): boolean {
    return this.armer !== undefined;
  }

  /** A snapshot of the counters. */
  get stats(): VpcdCardLinkStats {
    return { ...this.counters };
  }

  /**
   * Inserts the card: connects to vpcd. Retries while vpcd refuses (bounded by `connectAttempts` and `connectTimeoutMs`),
   * then rejects with `TransportError("unavailable")`. Resolves at once when already inserted.
   *
   * insert() and remove() may be called without awaiting (a phone entering and leaving a field): the last call wins.
   * An insert superseded by a later remove() resolves without leaving the card in; one superseded by close() rejects
   * with `TransportError("closed")`.
   */
  insert(): Promise<void> {
    if (this.closedForGood) return Promise.reject(this.closedError());
    this.wanted = true;
    return this.settle().then(() => {
      if (this.closedForGood) throw this.closedError();
    });
  }

  /** Removes the card: closes the socket (after any pending insert). vpcd (and so pcscd) sees the card go; the device loses power. */
  remove(): Promise<void> {
    this.wanted = false;
    this.retryWait?.abort();
    return this.settle().catch(() => undefined);
  }

  /** Removes the card and refuses further insertions. */
  async close(): Promise<void> {
    this.closedForGood = true;
    this.wanted = false;
    this.retryWait?.abort();
    await this.settle().catch(() => undefined);
    this.consoleLog.flush();
  }

  private closedError(): TransportError {
    return new TransportError("closed", `vpcd link ${this.address} is closed`);
  }

  /** Moves the card towards {@link wanted}; concurrent callers share one run. */
  private settle(): Promise<void> {
    this.settling ??= this.drive().finally(() => {
      this.settling = undefined;
    });
    return this.settling;
  }

  private async drive(): Promise<void> {
    // Every turn awaits one connect or disconnect; only callers flipping `wanted` make another turn, so this ends.
    for (;;) {
      const want = this.wanted && !this.closedForGood;
      if (want && !this.socket) {
        try {
          await this.connectWithRetry();
        } catch (error) {
          if (!this.wanted || this.closedForGood) continue;
          this.wanted = false;
          throw error;
        }
      } else if (!want && this.socket) {
        await this.disconnect(this.closedForGood ? "closed" : "removed");
      } else {
        return;
      }
    }
  }

  private disconnect(reason: VpcdCloseReason): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.closing = reason;
    return new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.destroy();
    });
  }

  private async connectWithRetry(): Promise<void> {
    const attempts = Math.max(1, this.options.connectAttempts ?? 50);
    const budget = Math.max(0, this.options.connectTimeoutMs ?? 5000);
    const pause = Math.max(0, this.options.retryDelayMs ?? 100);
    const signal = this.options.signal;
    const deadline = performance.now() + budget;
    this.armer = this.options.quickAck === false ? undefined : await loadQuickAck();
    const superseded = () => !this.wanted || this.closedForGood;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (signal?.aborted) throw new TransportError("closed", `insert into vpcd ${this.address} aborted`, { cause: signal.reason });
      if (superseded()) return;
      const remaining = deadline - performance.now();
      try {
        const socket = await this.connectOnce(Math.max(1, remaining));
        if (superseded()) {
          // A remove() or close() came while connecting: the card does not go in.
          socket.destroy();
          return;
        }
        this.attach(socket);
        return;
      } catch (error) {
        lastError = error;
      }
      if (attempt === attempts || deadline - performance.now() <= pause) break;
      const wait = new AbortController();
      this.retryWait = wait;
      try {
        await delay(pause, undefined, { signal: signal ? AbortSignal.any([signal, wait.signal]) : wait.signal });
      } catch (error) {
        if (superseded()) return;
        throw new TransportError("closed", `insert into vpcd ${this.address} aborted`, { cause: error });
      } finally {
        if (this.retryWait === wait) this.retryWait = undefined;
      }
    }
    const detail = lastError instanceof Error ? lastError.message : String(lastError);
    throw new TransportError(
      "unavailable",
      `vpcd is not listening on ${this.address} (${detail}); start pcscd with vsmartcard-vpcd installed: \`pcscd -f &\``,
      { cause: lastError },
    );
  }

  private connectOnce(timeoutMs: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: this.host, port: this.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect timed out after ${Math.round(timeoutMs)} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(socket);
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      });
    });
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    this.reader.reset();
    this.socket = socket;
    this.closing = undefined;
    this.counters.insertions++;
    noteCardInserted(this);
    socket.on("data", (chunk: Buffer) => this.onData(socket, chunk));
    socket.on("error", (error) => this.fail(new TransportError("io", `vpcd socket ${this.address}: ${error.message}`, { cause: error })));
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      noteCardRemoved(this);
      const reason = this.closing ?? "peer";
      this.closing = undefined;
      this.reader.reset();
      // The card has left the reader: it loses power whatever the reason.
      this.safely(() => this.device.powerOff());
      this.emit("closed", reason);
    });
    this.emit("inserted");
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (this.armer) {
      try {
        this.armer(socket);
      } catch (error) {
        this.armer = undefined;
        this.fail(new TransportError("io", `TCP_QUICKACK could not be set, falling back to plain sockets: ${String(error)}`, { cause: error }));
      }
    }
    this.counters.bytesIn += chunk.length;
    // A plain Uint8Array view (no copy), so devices get Uint8Array semantics (Buffer#slice does not copy).
    this.reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
  }

  private onFrame(payload: Uint8Array): void {
    if (payload.length === 0) {
      this.protocolError("empty vpcd frame ignored");
      return;
    }
    if (payload.length === 1) {
      this.onControl(payload[0] as number);
      return;
    }
    this.counters.apdus++;
    let response: Uint8Array;
    try {
      response = this.device.process(payload);
    } catch (error) {
      this.protocolError(`device ${this.device.description} threw on an APDU (answered 6F00): ${String(error)}`);
      response = statusBytes(StatusWord.UNKNOWN);
    }
    if (response.length < 2 || response.length > VPCD_MAX_PAYLOAD) {
      this.protocolError(`device ${this.device.description} answered ${response.length} bytes (answered 6F00)`);
      response = statusBytes(StatusWord.UNKNOWN);
    }
    this.send(response);
  }

  private onControl(code: number): void {
    switch (code) {
      case VpcdControl.POWER_OFF:
        this.safely(() => this.device.powerOff());
        break;
      case VpcdControl.POWER_ON:
        this.safely(() => this.device.powerOn());
        break;
      case VpcdControl.RESET:
        this.safely(() => this.device.reset());
        break;
      case VpcdControl.GET_ATR:
        this.send(this.device.atr);
        // A get-ATR right after power-on or reset belongs to that power-up; any other is vpcd's presence poll, and
        // pcscd's next one is ~400 ms away (vpcd-poll-gap.ts).
        if (this.lastControl !== VpcdControl.POWER_ON && this.lastControl !== VpcdControl.RESET) notePresencePoll(this);
        break;
      default:
        this.protocolError(`unknown vpcd control code 0x${code.toString(16).padStart(2, "0")} ignored`);
        return;
    }
    this.counters.controls++;
    this.lastControl = code;
    this.emit("control", code);
  }

  private onOversized(length: number): void {
    this.counters.apdus++;
    this.protocolError(`vpcd frame of ${length} bytes exceeds the ${this.options.maxPayload ?? VPCD_MAX_PAYLOAD}-byte limit (answered 6700)`);
    this.send(statusBytes(StatusWord.WRONG_LENGTH));
  }

  private send(payload: Uint8Array): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    const frame = encodeVpcdFrame(payload);
    this.counters.bytesOut += frame.length;
    socket.write(frame);
  }

  private safely(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.protocolError(`device ${this.device.description} threw: ${String(error)}`);
    }
  }

  private protocolError(message: string): void {
    this.counters.protocolErrors++;
    this.fail(new TransportError("protocol", message));
  }

  private fail(error: TransportError): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
    else this.consoleLog.log(error.message);
  }
}

function statusBytes(sw: number): Uint8Array {
  return Uint8Array.of(sw >> 8, sw & 0xff);
}
