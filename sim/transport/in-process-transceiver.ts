import { type ApduDevice, TransportError, type Transceiver } from "../apdu/index.ts";

/** A direct, in-memory link to a device: the fastest carrier, used by unit tests and load runs. */
export class InProcessTransceiver implements Transceiver {
  readonly description: string;
  private readonly device: ApduDevice;
  private closed = false;

  /** Links to `device`, powering it on unless `powerOn` is false. */
  constructor(device: ApduDevice, options?: { powerOn?: boolean }) {
    this.device = device;
    this.description = `in-process:${device.description}`;
    if (options?.powerOn !== false) device.powerOn();
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new TransportError("closed", `${this.description} is closed`));
    return Promise.resolve(this.device.process(command));
  }

  atr(): Promise<Uint8Array> {
    return Promise.resolve(this.device.atr);
  }

  reset(): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new TransportError("closed", `${this.description} is closed`));
    this.device.reset();
    return Promise.resolve(this.device.atr);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.device.powerOff();
    }
    return Promise.resolve();
  }
}
