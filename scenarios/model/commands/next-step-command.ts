import type { CounterModel } from "../counter-model.ts";
import type { ModelScreen } from "../model-screens.ts";
import type { RealCounter } from "../real-counter.ts";
import { CounterCommand } from "./counter-command.ts";
import { Acknowledge, Biometric, Cancel, ChooseMethod, ChooseOs, Consent, EnterPin, FaceCamera, Hold, PressCardButton, PressPhoneButton, Retry, Wait } from "./patient-commands.ts";
import { StaffVisualCheck } from "./staff-commands.ts";
import { ServiceAnswers } from "./system-commands.ts";

/**
 * What a patient (or staff) might do next on each screen, the right thing first, then the pilot's mistakes
 * (docs/domain/pilot-findings.md). Used by {@link NextStep} so random sequences get deep into the flow.
 */
function choices(m: Readonly<CounterModel>): CounterCommand[] {
  const phone = m.config.phone;
  const byScreen: Partial<Record<ModelScreen, CounterCommand[]>> = {
    standby: [new PressPhoneButton(), new Hold("card", "card-antenna", "stays"), new Hold("phone", "general-purpose", "stays"), new PressCardButton(), new Hold("no-chip-card", "card-antenna", "stays")],
    "card-hold": [new Hold("card", "card-antenna", "stays"), new Wait("time-out")],
    "paper-card-reading": [new Wait("time-out")],
    "expiry-alert": [new Acknowledge(), new Wait("time-out")],
    "method-choice": [new ChooseMethod("pin"), new ChooseMethod("face"), new StaffVisualCheck()],
    "face-match": [new FaceCamera(true, 1), new FaceCamera(false, 10), new ChooseMethod("pin")],
    "face-unavailable": [new ChooseMethod("pin"), new StaffVisualCheck()],
    "face-locked": [new StaffVisualCheck(), new ChooseMethod("pin")],
    "card-pin-entry": [new EnterPin("right"), new EnterPin("wrong")],
    "pin-locked": [new StaffVisualCheck(), new Acknowledge()],
    "os-choice": [new ChooseOs(phone), new ChooseOs(phone === "iphone" ? "android" : "iphone")],
    "android-pin-entry": [new EnterPin("right"), new EnterPin("wrong")],
    "phone-hold": [phone === "iphone" ? new Biometric("now") : new Hold("phone", "general-purpose", "stays"), new Hold("phone", "general-purpose", "stays"), new Hold("phone", "card-antenna", "stays")],
    "guidance-iphone-biometric": [new Biometric("now"), new Retry()],
    result: [new Acknowledge()],
  };
  const list = byScreen[m.screen] ?? (m.screen.startsWith("consent-") ? [new Consent("all")] : [new Acknowledge(), new Cancel()]);
  return m.serviceWaiting ? [new ServiceAnswers(), ...list] : list;
}

/**
 * "The patient does the k-th sensible thing on the screen shown": resolved against the model when it runs, printed
 * with what it resolved to (`NextStep(1 → ChooseMethod(face))`), so a shrunk sequence stays readable and replays the
 * same way from the same seed.
 */
export class NextStep extends CounterCommand {
  private chosen: CounterCommand | undefined;
  constructor(readonly k: number) {
    super();
  }
  protected onModel(m: CounterModel): void {
    void m;
  }
  protected onReal(r: RealCounter): void {
    void r;
  }
  override async run(model: CounterModel, real: RealCounter): Promise<void> {
    const list = choices(model);
    const chosen = list[this.k % list.length] ?? new Acknowledge();
    this.chosen = chosen;
    await chosen.run(model, real);
  }
  toString(): string {
    return `NextStep(${this.k}${this.chosen ? ` → ${this.chosen.toString()}` : ""})`;
  }
}
