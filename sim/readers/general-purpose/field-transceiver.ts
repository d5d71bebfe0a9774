import { TransportError, type Transceiver } from "../../apdu/index.ts";
import type { FieldActivation } from "./_internals/field-activation.ts";
import type { GeneralPurposeReader } from "./general-purpose-reader.ts";

/**
 * The host side of one device activation in a {@link GeneralPurposeReader} (in-process): what a PC/SC handle on a
 * contactless reader gives. It reports the reader's synthesised contactless ATR, applies the reader's limits and
 * time-out, and breaks for good when the device leaves the field or the reader loses it: pending and later transmits
 * reject with `TransportError("removed")`. Several transceivers on one activation share the device, as PC/SC handles
 * in shared mode do: a reset through one clears the security status the others relied on.
 */
export class FieldTransceiver implements Transceiver {
  readonly description: string;
  private readonly reader: GeneralPurposeReader;
  private readonly activation: FieldActivation;
  private closed = false;

  /** Links to `activation` in `reader`; obtained from {@link GeneralPurposeReader.waitForDevice}. */
  constructor(reader: GeneralPurposeReader, activation: FieldActivation) {
    this.reader = reader;
    this.activation = activation;
    this.description = `${reader.name}:${activation.device.description}`;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.reader.exchange(this.activation, command);
  }

  atr(): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.activation.ended) return Promise.reject(this.reader.goneError(this.activation));
    return Promise.resolve(this.activation.atr.slice());
  }

  /** Warm reset of the device (the reader re-activates it): selected application and security status are lost. */
  reset(): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.reader.resetDevice(this.activation);
  }

  /** Releases this handle; the device stays in the field (SCardDisconnect with LEAVE). */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private closedError(): TransportError {
    return new TransportError("closed", `${this.description} is closed`);
  }
}
