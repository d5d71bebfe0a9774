import fc from "fast-check";
import type { RuleSwitchboard } from "../../sim/rules/index.ts";
import { counterCommandArbitraries, counterConfigArbitrary } from "./counter-arbitraries.ts";
import { type CounterConfig, describeConfig } from "./counter-config.ts";
import { CounterModel } from "./counter-model.ts";
import type { ModelFixtures } from "./model-fixtures.ts";
import { RealCounter } from "./real-counter.ts";
import type { ScreenCoverage } from "./screen-coverage.ts";

/** Options of {@link counterModelProperty}. */
export interface CounterModelPropertyOptions {
  readonly fixtures: ModelFixtures;
  /** Moves the (faked) process timers the reader's port polling runs on. */
  readonly advanceTimers: (ms: number) => void;
  readonly coverage?: ScreenCoverage;
  /** Rules switched off in the real counter (the model always follows every rule). */
  readonly rules?: RuleSwitchboard;
  /** Longest sequence (default 25). */
  readonly maxCommands?: number;
}

/**
 * The model-based property over one counter: a counter configuration, a scheduler for the slow service, and up to
 * `maxCommands` patient, staff and system steps; each step is applied to the {@link CounterModel} and to a fresh
 * {@link RealCounter} and compared. At the end the service's usage count must match the model's.
 */
export function counterModelProperty(options: CounterModelPropertyOptions): fc.IAsyncPropertyWithHooks<[CounterConfig, fc.Scheduler, Iterable<fc.AsyncCommand<CounterModel, RealCounter>>]> {
  const commands = fc.commands(counterCommandArbitraries(), { maxCommands: options.maxCommands ?? 25, size: "max" });
  return fc.asyncProperty(counterConfigArbitrary, fc.scheduler(), commands, async (config, scheduler, cmds) => {
    const real = await RealCounter.open({
      fixtures: options.fixtures,
      config,
      scheduler,
      advanceTimers: options.advanceTimers,
      ...(options.coverage ? { coverage: options.coverage } : {}),
      ...(options.rules ? { rules: options.rules } : {}),
    });
    const model = new CounterModel(config);
    try {
      await real.settle();
      await fc.asyncModelRun(() => ({ model, real }), cmds);
      // The slow service's last answers arrive before the usage is compared.
      model.serviceAnswers();
      await real.service.answerWaiting();
      await real.settle();
      const uses = await real.uses();
      if (uses !== model.uses) throw new Error(`usage (docs/domain/rules.md#usage-rate-credit): model ${model.uses} My Number uses, service ${uses} [${describeConfig(config)}]`);
    } finally {
      await real.close();
    }
  });
}
