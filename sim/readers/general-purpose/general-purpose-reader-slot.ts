import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { type ApduDevice, TransportError } from "../../apdu/index.ts";
import { VpcdCardLink, type VpcdCardLinkOptions } from "../../transport/vpcd-card-link.ts";
import { FieldDevice } from "./field-device.ts";
import type { GeneralPurposeReader } from "./general-purpose-reader.ts";

/** Options of {@link GeneralPurposeReaderSlot.open}: where vpcd listens (slot or port) and how to connect. */
export interface GeneralPurposeReaderSlotOptions extends Omit<VpcdCardLinkOptions, "maxPayload"> {
  /**
   * Least time the slot stays empty between two insertions, in ms (default 800). pcscd learns about vpcd's card only
   * by polling (every 400 ms in pcsc-lite), so a device that leaves and comes back faster would never be seen leaving:
   * hosts would keep their handle across the change, which a real reader does not allow.
   */
  minEmptyMs?: number;
}

/** Events of a {@link GeneralPurposeReaderSlot}. */
export interface GeneralPurposeReaderSlotEvents {
  /** The device in the reader's field is now in pcscd's reader. */
  inserted: [device: ApduDevice];
  /** The device left pcscd's reader. */
  removed: [device: ApduDevice];
  /** Inserting into vpcd failed, or the link reported a problem. */
  error: [error: TransportError];
}

/**
 * A {@link GeneralPurposeReader} inside the real pcscd, through one vpcd slot: whenever the reader activates a device
 * the slot inserts it into vpcd, and takes it out when the device leaves the field or the tag is lost (so a host on
 * PC/SC sees the card go, as with a real reader). pcscd sees the reader's synthesised contactless ATR (GET ATR and
 * power-on), not the device's contact ATR; commands the reader would not carry answer `6700` on the device side
 * (a real reader fails them with `SCARD_E_NOT_TRANSACTED`, which vpcd cannot produce); a device slower than the reader's
 * time-out is dropped mid-command. Processing delays are not applied here (vpcd's device side answers at once).
 *
 * The PC/SC name is vpcd's (`FRIENDLYNAME` in /etc/reader.conf.d, e.g. `Virtual PCD 00 00`), not the profile's.
 */
export class GeneralPurposeReaderSlot extends EventEmitter<GeneralPurposeReaderSlotEvents> {
  /** The reader whose field is mirrored. */
  readonly reader: GeneralPurposeReader;
  /** The vpcd link (card side). */
  readonly link: VpcdCardLink;
  private readonly device: FieldDevice;
  private queue: Promise<void> = Promise.resolve();
  private lastError: TransportError | undefined;
  private closed = false;
  private readonly minEmptyMs: number;
  private emptySince = Number.NEGATIVE_INFINITY;
  private readonly onPresent = (): void => this.reconcile();
  private leaving: ApduDevice | undefined;
  private readonly onRemoved = (): void => {
    // Synchronously: when the tag is lost in the middle of a command, the answer must not reach pcscd.
    const target = this.device.target;
    if (target && target !== this.reader.activation) {
      this.device.target = undefined;
      this.leaving = target.device;
      void this.link.remove();
    }
    this.reconcile();
  };

  private constructor(reader: GeneralPurposeReader, options: GeneralPurposeReaderSlotOptions) {
    super();
    this.reader = reader;
    this.device = new FieldDevice(reader);
    const { minEmptyMs, ...linkOptions } = options;
    this.minEmptyMs = Math.max(0, minEmptyMs ?? 800);
    this.link = new VpcdCardLink(this.device, linkOptions);
    this.link.on("error", (error) => this.fail(error));
    // vpcd dropped the connection (pcscd restarted): put the device back while it is still in the field.
    this.link.on("closed", (reason) => {
      this.emptySince = performance.now();
      if (reason === "peer") this.reconcile();
    });
    reader.on("present", this.onPresent);
    reader.on("removed", this.onRemoved);
  }

  /**
   * Mirrors `reader` into the vpcd slot given by `options` (`slot` or `port`); resolves once a device already in the
   * field is inserted. Rejects with `TransportError("unavailable")` when vpcd does not listen.
   */
  static async open(reader: GeneralPurposeReader, options: GeneralPurposeReaderSlotOptions = {}): Promise<GeneralPurposeReaderSlot> {
    const slot = new GeneralPurposeReaderSlot(reader, options);
    slot.reconcile();
    try {
      await slot.settled();
    } catch (error) {
      await slot.close();
      throw error;
    }
    return slot;
  }

  /** `host:port` of vpcd. */
  get address(): string {
    return this.link.address;
  }

  /** Whether a device is in pcscd's reader now. */
  get inserted(): boolean {
    return this.link.inserted && this.device.target !== undefined;
  }

  /**
   * Resolves when the slot has caught up with the reader's field (inserted or removed); rejects with the
   * `TransportError` of a failed insertion since the last call.
   */
  async settled(): Promise<void> {
    let queue: Promise<void> | undefined;
    while (queue !== this.queue) {
      queue = this.queue;
      await queue;
    }
    const error = this.lastError;
    this.lastError = undefined;
    if (error) throw error;
  }

  /** Stops mirroring and takes any device out of pcscd's reader. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reader.off("present", this.onPresent);
    this.reader.off("removed", this.onRemoved);
    await this.queue;
    this.device.target = undefined;
    await this.link.close();
  }

  private reconcile(): void {
    this.queue = this.queue.then(() => this.step()).catch((error: unknown) => {
      this.lastError = error instanceof TransportError ? error : new TransportError("io", String(error), { cause: error });
      this.fail(this.lastError);
    });
  }

  private async step(): Promise<void> {
    if (this.closed) return;
    const current = this.device.target;
    if (current && current !== this.reader.activation) {
      this.device.target = undefined;
      this.leaving = current.device;
    }
    if (!this.device.target && this.link.inserted) await this.link.remove();
    if (this.leaving && !this.link.inserted) {
      const device = this.leaving;
      this.leaving = undefined;
      this.emit("removed", device);
    }
    let want = this.reader.activation;
    if (!want || (this.device.target === want && this.link.inserted)) return;
    const gap = this.emptySince + this.minEmptyMs - performance.now();
    if (gap > 0) {
      await sleep(gap);
      want = this.reader.activation;
      if (!want || this.closed) return;
    }
    this.device.target = want;
    try {
      await this.link.insert();
    } catch (error) {
      this.device.target = undefined;
      throw error;
    }
    if (this.device.target !== want || want.ended) {
      this.reconcile();
      return;
    }
    this.emit("inserted", want.device);
  }

  private fail(error: TransportError): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
    else console.warn(`[${this.reader.name} on vpcd ${this.link.address}] ${error.message}`);
  }
}
