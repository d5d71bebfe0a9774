import type { ReaderPort } from "./reader-port.ts";
import { TransportError, type Transceiver } from "../apdu/index.ts";
import { WsTransceiver, type WsTransceiverOptions } from "../transport/ws-transceiver.ts";

/** Options of {@link WsReaderPort.hold}. */
export interface WsHoldOptions {
  /**
   * How long the device stays in the field or slot, in ms; afterwards it is taken away as by {@link WsReaderPort.remove}.
   * Default: until `remove()` (a card left in the slot). A phone tap is about 1–2 s (docs/domain/load-figures.md#timing).
   */
  holdMs?: number;
}

/** One presentation of a device: its connection and whether it has left. */
interface Presentation {
  readonly url: string;
  readonly transceiver: WsTransceiver;
  gone: boolean;
  timer?: NodeJS.Timeout;
}

/** A waiter of {@link WsReaderPort.waitForDevice}. */
type Waiter = (presentation: Presentation) => void;

/**
 * A {@link ReaderPort} whose devices arrive over the ws device bus: {@link hold} connects a {@link WsTransceiver} to a
 * device served by a `WsDeviceServer` (in this or another process) and presents it for `holdMs`. The device is present
 * only while held. Entering the field powers the device on (cold reset, security status cleared); leaving it powers
 * it off. A link whose device left rejects with `TransportError("removed")`, also when the server went away.
 *
 * Links handed out by {@link waitForDevice} are views of the one held connection: closing a link releases only that
 * view, never the device (the patient takes the device away, not the software).
 */
export class WsReaderPort implements ReaderPort {
  readonly name: string;
  private readonly connectOptions: WsTransceiverOptions;
  private current: Presentation | undefined;
  private readonly waiters = new Set<Waiter>();
  private count = 0;

  /**
   * @param name the reader's name for traces and screens, e.g. `SONY FeliCa RC-S300/P`.
   * @param options connection options of the underlying {@link WsTransceiver}s.
   */
  constructor(name: string, options: Omit<WsTransceiverOptions, "signal"> = {}) {
    this.name = name;
    this.connectOptions = options;
  }

  /**
   * How many times a device was brought into the field ({@link ReaderPort.presentations}): lets a reader tell a device
   * placed again from one left lying (a removal and a new placement may fall between two looks at {@link isPresent}).
   */
  get presentations(): number {
    return this.count;
  }

  /** The URL of the device held now, if any. */
  get heldUrl(): string | undefined {
    return this.isPresent() ? this.current?.url : undefined;
  }

  isPresent(): boolean {
    return this.current !== undefined && !this.current.gone;
  }

  /**
   * Brings the device served at `url` into the field: connects, powers it on, and presents it to whoever waits.
   * A device already held is taken away first. Rejects with a `TransportError` when the device bus cannot be reached.
   */
  async hold(url: string, options: WsHoldOptions = {}): Promise<void> {
    await this.remove();
    const transceiver = await WsTransceiver.connect(url, this.connectOptions);
    try {
      await transceiver.powerOn();
    } catch (error) {
      await transceiver.close();
      throw error;
    }
    const presentation: Presentation = { url, transceiver, gone: false };
    if (options.holdMs !== undefined) {
      presentation.timer = setTimeout(() => void this.leave(presentation), Math.max(0, options.holdMs));
      presentation.timer.unref();
    }
    this.current = presentation;
    this.count++;
    for (const waiter of [...this.waiters]) waiter(presentation);
  }

  /** Takes the device away (no-op when none is held). Links to it reject with `TransportError("removed")` from now on. */
  async remove(): Promise<void> {
    if (this.current) await this.leave(this.current);
  }

  waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null> {
    const present = this.current;
    if (present && !present.gone) return Promise.resolve(this.link(present));
    if (options.signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const finish = (link: Transceiver | null): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        options.signal?.removeEventListener("abort", onAbort);
        resolve(link);
      };
      const waiter: Waiter = (presentation) => finish(this.link(presentation));
      const onAbort = (): void => finish(null);
      const timer = setTimeout(() => finish(null), Math.max(0, options.timeoutMs));
      timer.unref();
      this.waiters.add(waiter);
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private link(presentation: Presentation): HeldLink {
    return new HeldLink(this.name, presentation, () => void this.leave(presentation));
  }

  private async leave(presentation: Presentation): Promise<void> {
    if (presentation.gone) return;
    presentation.gone = true;
    clearTimeout(presentation.timer);
    if (this.current === presentation) this.current = undefined;
    // Leaving the field removes power; the socket then closes. Both best effort: the server may be gone already.
    await presentation.transceiver.powerOff().catch(() => undefined);
    await presentation.transceiver.close().catch(() => undefined);
  }
}

/** A view of one held connection, handed out by {@link WsReaderPort.waitForDevice}. */
class HeldLink implements Transceiver {
  readonly description: string;
  private readonly portName: string;
  private readonly presentation: Presentation;
  private readonly onGone: () => void;
  private closed = false;

  constructor(portName: string, presentation: Presentation, onGone: () => void) {
    this.portName = portName;
    this.presentation = presentation;
    this.onGone = onGone;
    this.description = `${portName}:${presentation.transceiver.description}`;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.guard(() => this.presentation.transceiver.transmit(command));
  }

  atr(): Promise<Uint8Array> {
    return this.guard(() => this.presentation.transceiver.atr());
  }

  reset(): Promise<Uint8Array> {
    return this.guard(() => this.presentation.transceiver.reset());
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private async guard<T>(action: () => Promise<T>): Promise<T> {
    if (this.closed) throw new TransportError("closed", `${this.description} is closed`);
    if (this.presentation.gone) throw this.removed();
    try {
      return await action();
    } catch (error) {
      const code = error instanceof TransportError ? error.code : undefined;
      if (this.presentation.gone || code === "removed" || code === "closed") {
        this.onGone();
        throw this.removed(error);
      }
      throw error;
    }
  }

  private removed(cause?: unknown): TransportError {
    return new TransportError("removed", `${this.description}: the device left the ${this.portName} field`, cause === undefined ? undefined : { cause });
  }
}
