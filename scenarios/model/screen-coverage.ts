import { SCREEN_MACHINE, type ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";

/**
 * Which screen states the real reader showed across a run, and how often: the model-based suite must reach every
 * state of `SCREEN_MACHINE` (only its list of states is read here, never its transitions).
 */
export class ScreenCoverage {
  private readonly visits = new Map<ScreenStateId, number>(SCREEN_MACHINE.states.map((s) => [s.id, 0]));

  /** One screen shown. */
  record(state: ScreenStateId): void {
    this.visits.set(state, (this.visits.get(state) ?? 0) + 1);
  }

  /** States never shown. */
  get missing(): ScreenStateId[] {
    return [...this.visits].filter(([, n]) => n === 0).map(([id]) => id);
  }

  /** States shown at least once, out of all. */
  get reached(): { reached: number; total: number } {
    return { reached: this.visits.size - this.missing.length, total: this.visits.size };
  }

  /** The table `state → visits`, one line each, in the machine's order. */
  table(): string {
    const width = Math.max(...[...this.visits.keys()].map((k) => k.length));
    const { reached, total } = this.reached;
    return [`screen coverage: ${reached}/${total} states`, ...[...this.visits].map(([id, n]) => `  ${id.padEnd(width)} ${String(n).padStart(7)}${n === 0 ? "  <- never reached" : ""}`)].join("\n");
  }
}
