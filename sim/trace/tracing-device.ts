import { type ApduDevice, DeviceMiddleware } from "../apdu/index.ts";
import type { ApduTrace } from "./apdu-trace.ts";

/**
 * Device-side middleware: records every command a host sends to `inner` and every answer, into `trace` (PINs and
 * passwords cut, as on the host side). For `attach`: what did the vendor's software send to my card?
 */
export class TracingDevice extends DeviceMiddleware {
  readonly trace: ApduTrace;

  constructor(inner: ApduDevice, trace: ApduTrace) {
    super(inner);
    this.trace = trace;
  }

  override powerOn(): void {
    this.trace.event(this.description, "power-on", { bytes: this.inner.atr });
    this.inner.powerOn();
  }

  override powerOff(): void {
    this.trace.event(this.description, "power-off");
    this.inner.powerOff();
  }

  override reset(): void {
    this.trace.event(this.description, "reset");
    this.inner.reset();
  }

  override process(command: Uint8Array): Uint8Array {
    this.trace.command(this.description, command);
    const started = this.trace.now();
    const response = this.inner.process(command);
    this.trace.response(this.description, response, this.trace.now() - started);
    return response;
  }
}
