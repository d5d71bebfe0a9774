import type { CounterModel } from "../counter-model.ts";
import type { RealCounter } from "../real-counter.ts";
import { CounterCommand } from "./counter-command.ts";

/** Staff at the counter: the visual check, and the phone set-up (docs/domain/counter-flow.md#phone-button). */

/** Staff confirm the patient against the card by eye (docs/domain/counter-flow.md#card-flow). */
export class StaffVisualCheck extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.staffVisualCheck();
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.staffVisualCheck();
  }
  toString(): string {
    return "StaffVisualCheck";
  }
}

/** Connect the general-purpose reader and set it up by the FACR maker's procedure (restarts still needed). */
export class SetUpGeneralPurposeReader extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.setUpGeneralPurposeReader();
  }
  protected onReal(r: RealCounter): void {
    r.setUpGeneralPurposeReader();
  }
  toString(): string {
    return "SetUpGeneralPurposeReader";
  }
}

/** Unplug the general-purpose reader. */
export class UnplugGeneralPurposeReader extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.unplugGeneralPurposeReader();
  }
  protected onReal(r: RealCounter): void {
    r.unplugGeneralPurposeReader();
  }
  toString(): string {
    return "UnplugGeneralPurposeReader";
  }
}

/** Restart the qualification terminal, or power-cycle the face-auth reader. */
export class Restart extends CounterCommand {
  constructor(readonly what: "terminal" | "reader") {
    super();
  }
  protected onModel(m: CounterModel): void {
    if (this.what === "terminal") m.restartTerminal();
    else m.restartReader();
  }
  protected onReal(r: RealCounter): void {
    if (this.what === "terminal") r.station.settings.restartTerminal();
    else r.station.reader.restart();
  }
  toString(): string {
    return `Restart(${this.what})`;
  }
}
