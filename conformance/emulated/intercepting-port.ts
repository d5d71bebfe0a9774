import type { Transceiver } from "../../sim/apdu/index.ts";
import type { ReaderPort } from "../../sim/readers/reader-port.ts";

/** Turns each link a port hands out into another (a mutant's middleware), or withholds it (`null`). */
export type LinkInterceptor = (link: Transceiver) => Transceiver;

/** Options of an {@link InterceptingPort}. */
export interface InterceptingPortOptions {
  /** Rewrites each link handed out. */
  link?: LinkInterceptor;
  /** Whether to hand out a link now; when false the wait goes on (polling, bounded by the caller's time-out). */
  gate?: () => boolean;
}

const GATE_POLL_MS = 20;

/**
 * A {@link ReaderPort} in front of another: the reader under test waits on it, the harness holds devices on the inner
 * port. Mutants use it to alter APDUs (Transceiver middleware) or what the reader sees of the field — never by editing
 * sim/ (docs/architecture.md: cross-cutting behaviour wraps a Transceiver).
 */
export class InterceptingPort implements ReaderPort {
  readonly name: string;
  private readonly inner: ReaderPort;
  private readonly options: InterceptingPortOptions;

  constructor(inner: ReaderPort, options: InterceptingPortOptions) {
    this.inner = inner;
    this.name = inner.name;
    this.options = options;
  }

  get presentations(): number | undefined {
    return this.inner.presentations;
  }

  isPresent(): boolean {
    return this.inner.isPresent() && (this.options.gate?.() ?? true);
  }

  async waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null> {
    const deadline = Date.now() + Math.max(0, options.timeoutMs);
    const gate = this.options.gate;
    if (gate !== undefined) {
      while (!gate()) {
        if (options.signal?.aborted || Date.now() >= deadline) return null;
        await new Promise((r) => setTimeout(r, GATE_POLL_MS));
      }
    }
    const link = await this.inner.waitForDevice({ ...options, timeoutMs: Math.max(0, deadline - Date.now()) });
    if (link === null) return null;
    return this.options.link ? this.options.link(link) : link;
  }
}

/** A Transceiver whose transmit goes through `intercept` (which may send other commands through `send`). */
export class InterceptingTransceiver implements Transceiver {
  readonly description: string;
  private readonly inner: Transceiver;
  private readonly intercept: (command: Uint8Array, send: (c: Uint8Array) => Promise<Uint8Array>) => Promise<Uint8Array>;

  constructor(inner: Transceiver, intercept: (command: Uint8Array, send: (c: Uint8Array) => Promise<Uint8Array>) => Promise<Uint8Array>) {
    this.inner = inner;
    this.description = inner.description;
    this.intercept = intercept;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.intercept(command, (c) => this.inner.transmit(c));
  }

  atr(): Promise<Uint8Array> {
    return this.inner.atr();
  }

  reset(): Promise<Uint8Array> {
    return this.inner.reset();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
