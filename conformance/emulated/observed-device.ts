import type { ApduDevice, ContactlessIdentity, NfcAntennaPosition } from "../../sim/apdu/index.ts";
import { type ApduTrace, TracingDevice } from "../../sim/trace/index.ts";

/** Called after the device answered a command (the harness uses it to take a device away mid-read). */
export type AfterProcess = (command: Uint8Array, response: Uint8Array) => void;

/**
 * The device as the suite serves it to the DUT: the emulated card or phone behind a device-side {@link TracingDevice}
 * (what the DUT sent, secrets cut), with an optional harness hook after each answer.
 */
export class ObservedDevice implements ApduDevice {
  readonly inner: ApduDevice;
  readonly description: string;
  private readonly tracing: TracingDevice;
  afterProcess: AfterProcess | undefined;

  constructor(inner: ApduDevice, trace: ApduTrace) {
    this.inner = inner;
    this.tracing = new TracingDevice(inner, trace);
    this.description = inner.description;
  }

  get atr(): Uint8Array {
    return this.inner.atr;
  }

  get contactless(): ContactlessIdentity | undefined {
    return this.inner.contactless;
  }

  get nfcAntenna(): NfcAntennaPosition | undefined {
    return this.inner.nfcAntenna;
  }

  powerOn(): void {
    this.tracing.powerOn();
  }

  powerOff(): void {
    this.tracing.powerOff();
  }

  reset(): void {
    this.tracing.reset();
  }

  process(command: Uint8Array): Uint8Array {
    const response = this.tracing.process(command);
    this.afterProcess?.(command, response);
    return response;
  }
}
