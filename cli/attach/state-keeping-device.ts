import { type ApduDevice, DeviceMiddleware } from "../../sim/apdu/index.ts";

/**
 * Device middleware for `attach --state`: after every command it asks `snapshot()` for the PIN counters and, when they
 * changed, calls `save` before the answer goes out — so a counter the host just used up is on disk before the host
 * hears about it. A failing save is passed to `onSaveError`; the device keeps serving.
 */
export class StateKeepingDevice extends DeviceMiddleware {
  private readonly snapshot: () => Record<string, number>;
  private readonly save: (pins: Record<string, number>) => void;
  private readonly onSaveError: (error: unknown) => void;
  private last: string;

  constructor(inner: ApduDevice, snapshot: () => Record<string, number>, save: (pins: Record<string, number>) => void, onSaveError: (error: unknown) => void) {
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
