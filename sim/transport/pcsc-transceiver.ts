import type { PcscCardHandle } from "./pcsc-binding.ts";
import { PcscContext } from "./pcsc-context.ts";
import { pcscError } from "./pcsc-error.ts";
import { inPollGap, waitForPollGap } from "./vpcd-poll-gap.ts";
import { TransportError, type Transceiver } from "../apdu/index.ts";

/** Transmission protocol wanted: `T1` prefers T=1 and accepts T=0 when the card refuses; `T0`; or `any` (T=0 | T=1). */
export type PcscProtocolPreference = "T1" | "T0" | "any";

/** What happens to the card when the transceiver closes: left as it is, warm reset, or power-cycled (cold reset). */
export type PcscDisposition = "leave" | "reset" | "unpower";

/** Options of {@link PcscTransceiver.connect}. */
export interface PcscTransceiverOptions {
  /** Share mode (default `shared`, so pcsc_scan and other tools can watch the same card). */
  share?: "shared" | "exclusive";
  /** Protocol preference (default `T1`). */
  protocol?: PcscProtocolPreference;
  /** Receive buffer per transmit in bytes (default 65,538: an extended response). */
  maxResponseLength?: number;
  /** What to do with the card on close (default `leave`). */
  disposition?: PcscDisposition;
}

/**
 * The host side of PC/SC: a {@link Transceiver} on one card in one reader through pcscd, via the optional `smartcard`
 * binding (loaded at run time; without it `connect` rejects with `TransportError("unavailable")` naming the fix).
 * Works with any reader: a real one, or vpcd with an emulated card behind it. Calls are serialised (PC/SC handles
 * take one command at a time). PC/SC failures map to `removed`, `timeout`, `unavailable`, `closed` or `io`.
 */
export class PcscTransceiver implements Transceiver {
  readonly description: string;
  /** The reader name. */
  readonly reader: string;
  private readonly context: PcscContext;
  private readonly card: PcscCardHandle;
  private readonly shareMode: number;
  private readonly protocols: number;
  private readonly maxResponseLength: number;
  /** SCardReconnect initialization applied on close (reset / unpower), or undefined to leave the card. */
  private readonly initialization: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(reader: string, context: PcscContext, card: PcscCardHandle, shareMode: number, protocols: number, options: PcscTransceiverOptions) {
    const b = context.binding;
    this.reader = reader;
    this.description = `pcsc:${reader}`;
    this.context = context;
    this.card = card;
    this.shareMode = shareMode;
    this.protocols = protocols;
    this.maxResponseLength = options.maxResponseLength ?? 65_538;
    const disposition = options.disposition ?? "leave";
    this.initialization = disposition === "reset" ? b.SCARD_RESET_CARD : disposition === "unpower" ? b.SCARD_UNPOWER_CARD : undefined;
  }

  /** Connects to the card in `reader` (SCardConnect); rejects with `removed` when the reader is empty. */
  static async connect(reader: string, options: PcscTransceiverOptions = {}): Promise<PcscTransceiver> {
    const context = await PcscContext.open();
    try {
      const b = context.binding;
      const shareMode = options.share === "exclusive" ? b.SCARD_SHARE_EXCLUSIVE : b.SCARD_SHARE_SHARED;
      const preference = options.protocol ?? "T1";
      const both = b.SCARD_PROTOCOL_T0 | b.SCARD_PROTOCOL_T1;
      const handle = context.reader(reader);
      let card: PcscCardHandle;
      let protocols = preference === "T0" ? b.SCARD_PROTOCOL_T0 : preference === "T1" ? b.SCARD_PROTOCOL_T1 : both;
      try {
        card = await handle.connect(shareMode, protocols);
      } catch (error) {
        if (preference !== "T1" || !/protocol mismatch/i.test(String(error))) throw error;
        protocols = both;
        card = await handle.connect(shareMode, protocols);
      }
      return new PcscTransceiver(reader, context, card, shareMode, protocols, options);
    } catch (error) {
      context.close();
      throw pcscError(`connect to "${reader}"`, error);
    }
  }

  /** The protocol in use: `T0`, `T1` or the raw SCARD_PROTOCOL value. */
  get protocol(): "T0" | "T1" | number {
    const p = this.card.protocol;
    if (p === this.context.binding.SCARD_PROTOCOL_T1) return "T1";
    if (p === this.context.binding.SCARD_PROTOCOL_T0) return "T0";
    return p;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.serial("transmit", async () => {
      const response = await this.card.transmit(Buffer.from(command.buffer, command.byteOffset, command.length), { maxRecvLength: this.maxResponseLength });
      return new Uint8Array(response.buffer, response.byteOffset, response.length);
    });
  }

  atr(): Promise<Uint8Array> {
    return this.serial("status", () => Promise.resolve(new Uint8Array(this.card.getStatus().atr)));
  }

  /** Warm reset (SCardReconnect with SCARD_RESET_CARD); resolves with the ATR after the reset. */
  reset(): Promise<Uint8Array> {
    return this.serial("reset", async () => {
      await this.card.reconnect(this.shareMode, this.protocols, this.context.binding.SCARD_RESET_CARD);
      return new Uint8Array(this.card.getStatus().atr);
    });
  }

  /**
   * Applies the disposition, disconnects and releases the context. A `reset` or `unpower` disposition is done with
   * an asynchronous SCardReconnect (warm reset, or cold reset = power cycle) followed by a LEAVE disconnect: the
   * binding's disconnect is synchronous, and a disposition that makes pcscd talk to the card would deadlock when the
   * emulated card (a {@link VpcdCardLink}) is served by this same process. For the same reason the synchronous
   * disconnect and context release wait for a gap between pcscd's presence polls of the cards this thread serves
   * ({@link waitForPollGap}: at most ~0.8 s, at once when it serves none).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true; // calls queued from now on, or not yet started, reject with "closed"
    await this.queue.catch(() => undefined);
    try {
      if (this.initialization !== undefined && this.card.connected) {
        await this.card.reconnect(this.shareMode, this.protocols, this.initialization).catch(() => undefined);
      }
      // Both calls below are synchronous: made while pcscd polls a card this thread serves, they would never return.
      // Checked again right before the calls: the wait's continuation may run late on a loaded machine (bounded).
      for (let i = 0; i < 3 && !inPollGap(); i++) await waitForPollGap();
      if (this.card.connected) this.card.disconnect(this.context.binding.SCARD_LEAVE_CARD);
    } catch {
      // a removed card cannot be disconnected cleanly; the handle is released either way
    } finally {
      this.context.close();
    }
  }

  private serial<T>(operation: string, action: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new TransportError("closed", `${this.description} is closed`));
    const run = async (): Promise<T> => {
      if (this.closed) throw new TransportError("closed", `${this.description} is closed`);
      try {
        return await action();
      } catch (error) {
        throw pcscError(`${operation} on "${this.reader}"`, error);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
