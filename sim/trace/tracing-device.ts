import { type ApduDevice, type ContactlessIdentity } from "../apdu/index.ts";
import type { ApduTrace } from "./apdu-trace.ts";

/**
 * Device-side middleware: records every command a host sends to `inner` and every answer, into `trace` (PINs and
 * passwords cut, as on the host side). For `attach`: what did the vendor's software send to my card?
 */
export class TracingDevice implements ApduDevice {
  readonly inner: ApduDevice;
  readonly trace: ApduTrace;
  readonly description: string;

  constructor(inner: ApduDevice, trace: ApduTrace) {
    this.inner = inner;
    this.trace = trace;
    this.description = inner.description;
  }

  get atr(): Uint8Array {
    return this.inner.atr;
  }

  get contactless(): ContactlessIdentity | undefined {
    return this.inner.contactless;
  }

  powerOn(): void {
    this.trace.event(this.description, "power-on", { bytes: this.inner.atr });
    this.inner.powerOn();
  }

  powerOff(): void {
    this.trace.event(this.description, "power-off");
    this.inner.powerOff();
  }

  reset(): void {
    this.trace.event(this.description, "reset");
    this.inner.reset();
  }

  process(command: Uint8Array): Uint8Array {
    this.trace.command(this.description, command);
    const started = this.trace.now();
    const response = this.inner.process(command);
    this.trace.response(this.description, response, this.trace.now() - started);
    return response;
  }
}
