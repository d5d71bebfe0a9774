import { type ApduDevice, DeviceMiddleware } from "../../sim/apdu/index.ts";

/**
 * Device middleware for `attach --state`: after every command it asks `snapshot()` for what the device keeps (PIN
 * counters, changed PINs' digests) and, when that changed, calls `save` before the answer goes out — so a counter the
 * host just used up, or a PIN it just changed, is on disk before the host hears about it. A failing save is passed to
 * `onSaveError`; the device keeps serving.
 */
export class StateKeepingDevice<S> extends DeviceMiddleware {
  private readonly snapshot: () => S;
  private readonly save: (state: S) => void;
  private readonly onSaveError: (error: unknown) => void;
  private last: string;

  constructor(inner: ApduDevice, snapshot: () => S, save: (state: S) => void, onSaveError: (error: unknown) => void) {
    super(inner);
    this.snapshot = snapshot;
    this.save = save;
    this.onSaveError = onSaveError;
    this.last = JSON.stringify(snapshot());
  }

  override process(command: Uint8Array): Uint8Array {
    const response = this.inner.process(command);
    const pins = this.snapshot();
    const now = JSON.stringify(pins);
    if (now !== this.last) {
      try {
        this.save(pins);
        this.last = now;
      } catch (error) {
        this.onSaveError(error);
      }
    }
    return response;
  }
}
