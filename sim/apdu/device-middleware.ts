import type { ApduDevice, ContactlessIdentity, NfcAntennaPosition } from "./apdu-device.ts";

/**
 * A device that wraps another and forwards everything to it — the base of every device-side middleware (tracing,
 * state keeping, fault injection: apdu4j's wrapper idea on the device side). A subclass overrides only what it adds to;
 * whatever the inner device presents (ATR, contactless identity, antenna position) reaches the carrier unchanged.
 */
export class DeviceMiddleware implements ApduDevice {
  readonly inner: ApduDevice;
  readonly description: string;

  constructor(inner: ApduDevice) {
    this.inner = inner;
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
    this.inner.powerOn();
  }

  powerOff(): void {
    this.inner.powerOff();
  }

  reset(): void {
    this.inner.reset();
  }

  process(command: Uint8Array): Uint8Array {
    return this.inner.process(command);
  }
}
