import type { AsyncCommand } from "fast-check";
import type { CounterModel } from "../counter-model.ts";
import { ALMEX_READ_FAILED, endsTheHold, PHONE_BUTTON, PUBLISHED_WORDS } from "../model-screens.ts";
import type { RealCounter } from "../real-counter.ts";

/**
 * One step of a model-based sequence, applied to the model and to the real counter, then compared. Subclasses say
 * when the step applies ({@link check}), what it does to each side, and how it prints (`toString`: readable and
 * replayable, e.g. `Hold(phone, general-purpose, brief)`).
 */
export abstract class CounterCommand implements AsyncCommand<CounterModel, RealCounter> {
  /** Whether the step makes sense now (default: always; ignored presses are part of the exploration). */
  check(_model: Readonly<CounterModel>): boolean {
    return true;
  }

  /** The step on the model. */
  protected abstract onModel(model: CounterModel): void;

  /** The step on the real counter. */
  protected abstract onReal(real: RealCounter, model: Readonly<CounterModel>): void | Promise<void>;

  async run(model: CounterModel, real: RealCounter): Promise<void> {
    await this.onReal(real, model);
    this.onModel(model);
    await real.settle();
    // The patient picks their devices up once the screen ends the visit or tells them something.
    model.pickUpIfDone();
    if (endsTheHold(real.state)) {
      real.takeAll();
      await real.settle();
    }
    compareCounter(model, real, this.toString());
  }

  abstract toString(): string;
}

/** What the model says against what the counter shows; throws naming every difference. */
export function compareCounter(model: Readonly<CounterModel>, real: RealCounter, step: string): void {
  const differences: string[] = [];
  const reader = real.station.reader;
  const view = reader.screen();
  if (view.state !== model.screen) differences.push(`screen: model ${model.screen}, counter ${view.state}`);
  else {
    if (view.state === "standby") {
      const shown = view.buttons.includes(PHONE_BUTTON);
      if (shown !== model.phoneButtonShown) differences.push(`phone button: model ${model.phoneButtonShown ? "offered" : "hidden"}, counter ${shown ? "offered" : "hidden"}`);
    }
    const words = PUBLISHED_WORDS[model.screen];
    if (words !== undefined && (view.code !== words.code || view.title !== words.title)) differences.push(`words: model ${words.code} ${words.title}, counter ${view.code ?? "-"} ${view.title}`);
    if (model.screen === "error-read-failed" && model.config.reader === "almex-myna-touch" && view.title !== ALMEX_READ_FAILED) differences.push(`Almex wording: counter ${view.title}`);
  }
  if (real.answeredFiles !== model.answeredFiles) differences.push(`answered result files: model ${model.answeredFiles}, counter ${real.answeredFiles}`);
  if (real.errorFiles !== model.errorFiles) differences.push(`error result files: model ${model.errorFiles}, counter ${real.errorFiles}`);
  if (real.unexpected.length > 0) differences.push(`terminal threw: ${real.unexpected.join("; ")}`);
  if (differences.length === 0) return;
  const tail = reader.history
    .slice(-6)
    .map((s) => `${s.from} --${s.event}--> ${s.to}`)
    .join("; ");
  const problem = reader.lastProblem ? ` (reader's last problem: ${reader.lastProblem.detail})` : "";
  throw new Error(`after ${step}: ${differences.join("; ")}\n  counter's last steps: ${tail}${problem}`);
}
