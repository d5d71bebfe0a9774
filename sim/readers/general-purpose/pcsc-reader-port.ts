import { PcscContext } from "../../transport/pcsc-context.ts";
import { PcscTransceiver, type PcscTransceiverOptions } from "../../transport/pcsc-transceiver.ts";
import { TransportError, type Transceiver } from "../../apdu/index.ts";
import type { ReaderPort } from "../reader-port.ts";
import { PcscPortLink } from "./_internals/pcsc-port-link.ts";

/** Options of {@link PcscReaderPort.open}. */
export interface PcscReaderPortOptions {
  /** How links connect to the card (share mode, protocol, disposition). */
  transceiver?: PcscTransceiverOptions;
  /**
   * After a failed transmit, how long to wait for pcscd to report the card gone before deciding the failure was not a
   * removal, in ms (default 1500; pcscd polls readers such as vpcd a few times a second).
   */
  removalGraceMs?: number;
  /** The reader model connected, when the PC/SC name does not say it (e.g. an emulated RC-S300/P behind vpcd). */
  model?: string;
}

/**
 * A {@link ReaderPort} over PC/SC: any reader pcscd lists — a real general-purpose reader, or vpcd with an emulated
 * device behind it (a {@link GeneralPurposeReaderSlot}). So the face-auth reader model and the terminal read a device
 * through the real pcscd, or a real reader, with the same code as in-process.
 *
 * Links follow the port's contract: when the device leaves, transmits reject with `TransportError("removed")`. pcscd
 * reports a card that vanishes in the middle of a command as a failed transaction (`SCARD_E_NOT_TRANSACTED`, code
 * `io`); the link then checks (bounded by `removalGraceMs`) whether the card left and reports `removed` if so.
 */
export class PcscReaderPort implements ReaderPort {
  /** The PC/SC reader name, e.g. `SONY FeliCa RC-S300/P 00 00` or `Virtual PCD 00 01`. */
  readonly name: string;
  readonly model?: string;
  private readonly context: PcscContext;
  /**
   * A second context for {@link isPresent}: pcsc-lite holds a context's mutex through SCardGetStatusChange, so asking
   * the waiting context would block this thread until {@link waitForDevice}'s wait ends.
   */
  private readonly status: PcscContext;
  private readonly options: PcscReaderPortOptions;
  private readonly links = new Set<Transceiver>();
  private closed = false;

  private constructor(name: string, context: PcscContext, status: PcscContext, options: PcscReaderPortOptions) {
    this.name = name;
    if (options.model !== undefined) this.model = options.model;
    this.context = context;
    this.status = status;
    this.options = options;
  }

  /**
   * Opens a port on the PC/SC reader `name`. Rejects with `TransportError("unavailable")` when the binding or pcscd is
   * missing or pcscd does not list the reader.
   */
  static async open(name: string, options: PcscReaderPortOptions = {}): Promise<PcscReaderPort> {
    const context = await PcscContext.open();
    let status: PcscContext | undefined;
    try {
      context.reader(name);
      status = await PcscContext.open();
    } catch (error) {
      context.close();
      throw error;
    }
    return new PcscReaderPort(name, context, status, options);
  }

  isPresent(): boolean {
    if (this.closed) return false;
    try {
      return this.status.readers().find((r) => r.name === this.name)?.present === true;
    } catch {
      return false;
    }
  }

  /**
   * Waits (bounded by `timeoutMs`) for a card in the reader, then connects. Resolves `null` on time-out; rejects with
   * `TransportError("closed")` when `signal` aborts or the port is closed, and with other `TransportError`s from PC/SC.
   */
  async waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null> {
    if (this.closed) throw new TransportError("closed", `PC/SC reader port "${this.name}" is closed`);
    try {
      await this.context.waitForCard(this.name, { timeoutMs: Math.max(0, options.timeoutMs), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if (error instanceof TransportError && error.code === "timeout") return null;
      throw error;
    }
    const inner = await PcscTransceiver.connect(this.name, this.options.transceiver);
    const link = new PcscPortLink(inner, this.name, this.options.removalGraceMs ?? 1500, () => this.links.delete(link));
    this.links.add(link);
    return link;
  }

  /** Closes the links handed out and the PC/SC context. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.links].map((link) => link.close().catch(() => undefined)));
    this.context.close();
    this.status.close();
  }
}
