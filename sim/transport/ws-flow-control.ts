import type { RawData, WebSocket } from "ws";

/** Options of a {@link WsFlowControl}. */
export interface WsFlowControlOptions {
  /** Answer bytes handed to the socket but not yet to the kernel above which the connection stops reading requests. */
  maxBufferedBytes: number;
  /** Time a paused connection may go without its answers moving before it is disconnected, in ms. */
  stallTimeoutMs: number;
}

/** What a {@link WsFlowControl} calls back. */
export interface WsFlowControlHooks {
  /** Handles one request (synchronously); its answer goes out through {@link WsFlowControl.send}. */
  handle(data: RawData, isBinary: boolean): void;
  /** The connection stayed paused for `stallTimeoutMs` without progress; the owner disconnects it. */
  stalled(unsentBytes: number): void;
}

/** Requests kept while paused, in bytes: far more than one socket read, so only a broken peer reaches it. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/**
 * Backpressure for one connection of the device bus server: a client that sends requests and does not read its
 * answers must not make the server queue answers without bound. When the answers not yet handed to the kernel pass
 * `maxBufferedBytes`, the connection stops reading (the socket is paused, so TCP pushes back on the client); requests
 * `ws` had already read wait in order, and everything resumes once half of the backlog has drained. A connection that
 * stays stuck for `stallTimeoutMs` is given up ({@link WsFlowControlHooks.stalled}).
 */
export class WsFlowControl {
  private readonly socket: WebSocket;
  private readonly options: WsFlowControlOptions;
  private readonly hooks: WsFlowControlHooks;
  private readonly queue: { data: RawData; isBinary: boolean; bytes: number }[] = [];
  private queuedBytes = 0;
  private unsent = 0;
  private paused = false;
  private stallTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(socket: WebSocket, options: WsFlowControlOptions, hooks: WsFlowControlHooks) {
    this.socket = socket;
    this.options = options;
    this.hooks = hooks;
  }

  /** Answer bytes handed to the socket and not yet written to the kernel. */
  get bufferedBytes(): number {
    return this.unsent;
  }

  /** True while the connection is not reading requests. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** A request arrived: handled now, or queued (in order) while paused. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.disposed) return;
    if (!this.paused && this.queue.length === 0) {
      this.hooks.handle(data, isBinary);
      return;
    }
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    this.queue.push({ data, isBinary, bytes });
    this.queuedBytes += bytes;
    if (this.queuedBytes > MAX_QUEUED_BYTES) this.hooks.stalled(this.unsent);
  }

  /** Sends one answer, counting it until the socket has written it; pauses reading past the bound. */
  send(answer: Uint8Array): void {
    if (this.disposed) return;
    const n = answer.length;
    this.unsent += n;
    this.socket.send(answer, () => this.onWritten(n));
    if (!this.paused && this.unsent > this.options.maxBufferedBytes) this.pause();
  }

  /** Forgets queued requests and timers (the connection closed). */
  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.paused = false;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private onWritten(n: number): void {
    this.unsent -= n;
    if (!this.paused || this.disposed) return;
    // Progress: the client is reading, however slowly.
    this.stallTimer?.refresh();
    if (this.unsent <= this.options.maxBufferedBytes / 2) this.resume();
  }

  private pause(): void {
    this.paused = true;
    this.socket.pause();
    this.stallTimer = setTimeout(() => {
      if (this.paused && !this.disposed) this.hooks.stalled(this.unsent);
    }, this.options.stallTimeoutMs);
    this.stallTimer.unref();
  }

  private resume(): void {
    this.paused = false;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    // Bounded by the queue's length; handling may pause again, which stops the loop.
    while (this.queue.length > 0 && !this.paused && !this.disposed) {
      const next = this.queue.shift() as { data: RawData; isBinary: boolean; bytes: number };
      this.queuedBytes -= next.bytes;
      this.hooks.handle(next.data, next.isBinary);
    }
    if (!this.paused && !this.disposed) this.socket.resume();
  }
}
