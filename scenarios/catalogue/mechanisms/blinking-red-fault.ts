import type { Transceiver } from "../../../sim/apdu/index.ts";
import type { ReaderPort } from "../../../sim/readers/reader-port.ts";

/** One action of a power cycle. */
export type PowerAction = "reader-off" | "pc-off" | "reader-on" | "pc-on";

/** The recovery order the makers publish (vendor-faq, docs/domain/reader-models.md#power-cycle-recovery). */
export const POWER_CYCLE_ORDER: readonly PowerAction[] = ["reader-off", "pc-off", "reader-on", "pc-on"];

/**
 * A face-auth reader blinking red (modelled: the cause is not public): its card antenna detects nothing until it is
 * power-cycled in the published order; any other order leaves it blinking.
 */
export class BlinkingRedFault {
  private blinking: boolean;

  constructor(blinking: boolean) {
    this.blinking = blinking;
  }

  /** Whether the reader is blinking red now. */
  get isBlinking(): boolean {
    return this.blinking;
  }

  /** A power cycle in `order`; returns whether the reader recovered. */
  powerCycle(order: readonly PowerAction[]): boolean {
    if (order.length === POWER_CYCLE_ORDER.length && order.every((a, i) => a === POWER_CYCLE_ORDER[i])) this.blinking = false;
    return !this.blinking;
  }

  /** `inner` as the reader sees it: nothing present while blinking. */
  port(inner: ReaderPort): ReaderPort {
    const blinking = (): boolean => this.blinking;
    return {
      name: inner.name,
      isPresent: () => !blinking() && inner.isPresent(),
      async waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null> {
        const deadline = Date.now() + options.timeoutMs;
        // Bounded: at most timeoutMs / 20 looks while blinking.
        while (blinking()) {
          if (options.signal?.aborted || Date.now() >= deadline) return null;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return inner.waitForDevice({ ...options, timeoutMs: Math.max(0, deadline - Date.now()) });
      },
    };
  }
}
