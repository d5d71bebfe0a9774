import type { CounterHooks } from "../emulated/reference-counter.ts";

/** A deliberately broken variant of the emulated reference, and the requirement that must catch it. */
export interface Mutant {
  id: string;
  /** What is broken, in one line. */
  description: string;
  /** The requirement whose verdict must be `fail` when the mutant runs. */
  kills: string;
  /** The scenarios that show it (the mutant run plays only these). */
  scenarios: readonly string[];
  /** How the reference is changed (wrapping only, never sim/). */
  hooks: CounterHooks;
}
