import type { ApduTrace } from "./apdu-trace.ts";
import { TransportError, type Transceiver } from "../apdu/index.ts";

/** Options of a {@link TracingTransceiver}. */
export interface TracingTransceiverOptions {
  /**
   * Record PINs and passwords as sent (VERIFY, CHANGE REFERENCE DATA…). Off by default: the trace then keeps only
   * the header, Lc and Le of those commands and says `<redacted N bytes>`.
   */
  revealSecrets?: boolean;
}

function describeError(error: unknown): string {
  if (error instanceof TransportError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Middleware that records every exchange of the {@link Transceiver} it wraps into an {@link ApduTrace}:
 * commands (redacted unless `revealSecrets`), responses with status word and duration, resets, ATRs, errors, close.
 */
export class TracingTransceiver implements Transceiver {
  readonly description: string;
  /** The wrapped transceiver. */
  readonly inner: Transceiver;
  /** The recorder. */
  readonly trace: ApduTrace;
  private readonly revealSecrets: boolean;

  constructor(inner: Transceiver, trace: ApduTrace, options: TracingTransceiverOptions = {}) {
    this.inner = inner;
    this.trace = trace;
    this.description = inner.description;
    this.revealSecrets = options.revealSecrets === true;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.trace.command(this.description, command, { revealSecrets: this.revealSecrets });
    const start = this.trace.now();
    try {
      const response = await this.inner.transmit(command);
      this.trace.response(this.description, response, this.trace.now() - start);
      return response;
    } catch (error) {
      this.trace.event(this.description, "error", { detail: describeError(error), durationMs: this.trace.now() - start });
      throw error;
    }
  }

  atr(): Promise<Uint8Array> {
    return this.traced("atr", () => this.inner.atr());
  }

  reset(): Promise<Uint8Array> {
    return this.traced("reset", () => this.inner.reset());
  }

  async close(): Promise<void> {
    await this.traced("close", async () => {
      await this.inner.close();
      return undefined;
    });
  }

  private async traced<T extends Uint8Array | undefined>(event: string, action: () => Promise<T>): Promise<T> {
    const start = this.trace.now();
    try {
      const result = await action();
      this.trace.event(this.description, event, { ...(result ? { bytes: result } : {}), durationMs: this.trace.now() - start });
      return result;
    } catch (error) {
      this.trace.event(this.description, "error", { detail: `${event} failed: ${describeError(error)}`, durationMs: this.trace.now() - start });
      throw error;
    }
  }
}
