import { type ApduDevice, type ContactlessIdentity } from "../../../apdu/index.ts";
import type { ProcessingTime } from "../processing-time.ts";

/** Why a device's activation in the field ended: taken away (or the hold ended), or the reader gave it up. */
export type FieldExitReason = "removed" | "tag-lost";

/**
 * One activation of a device in a reader's field: from the moment the reader selects it (it is powered and has an
 * ATR) until it leaves or the reader drops it. Exchanges on one activation run one at a time (half duplex).
 */
export class FieldActivation {
  /** The device. */
  readonly device: ApduDevice;
  /** Its ATQB identity as read at activation (a random PUPI stays the same for the activation). */
  readonly identity: ContactlessIdentity;
  /** The ATR the reader synthesised for this activation. */
  readonly atr: Uint8Array;
  /** How long the device takes to answer (modelled). */
  readonly timing: ProcessingTime;
  private readonly controller = new AbortController();
  private queue: Promise<unknown> = Promise.resolve();
  private exit: FieldExitReason | undefined;

  constructor(device: ApduDevice, identity: ContactlessIdentity, atr: Uint8Array, timing: ProcessingTime) {
    this.device = device;
    this.identity = { ...identity, pupi: identity.pupi.slice() };
    this.atr = atr;
    this.timing = timing;
  }

  /** Aborted when the activation ends; pending waits listen to it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the activation ended, or `undefined` while it lasts. */
  get ended(): FieldExitReason | undefined {
    return this.exit;
  }

  /** Ends the activation (once): waits in progress are aborted. Returns false when it had already ended. */
  end(reason: FieldExitReason): boolean {
    if (this.exit) return false;
    this.exit = reason;
    this.controller.abort(reason);
    return true;
  }

  /** Runs `action` after the exchanges queued before it. */
  serial<T>(action: () => Promise<T>): Promise<T> {
    const result = this.queue.then(action, action);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
