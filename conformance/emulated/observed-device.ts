import { type ApduDevice, DeviceMiddleware } from "../../sim/apdu/index.ts";
import { type ApduTrace, TracingDevice } from "../../sim/trace/index.ts";

/** Called after the device answered a command (the harness uses it to take a device away mid-read). */
export type AfterProcess = (command: Uint8Array, response: Uint8Array) => void;

/**
 * The device as the suite serves it to the DUT: the emulated card or phone behind a device-side {@link TracingDevice}
 * (what the DUT sent, secrets cut), with an optional harness hook after each answer. `inner` stays the emulated device
 * itself (the harness reaches the phone through it).
 */
export class ObservedDevice extends DeviceMiddleware {
  private readonly tracing: TracingDevice;
  afterProcess: AfterProcess | undefined;

  constructor(inner: ApduDevice, trace: ApduTrace) {
    super(inner);
    this.tracing = new TracingDevice(inner, trace);
  }

  override powerOn(): void {
    this.tracing.powerOn();
  }

  override powerOff(): void {
    this.tracing.powerOff();
  }

  override reset(): void {
    this.tracing.reset();
  }

  override process(command: Uint8Array): Uint8Array {
    const response = this.tracing.process(command);
    this.afterProcess?.(command, response);
    return response;
  }
}
