import fc from "fast-check";
import { Acknowledge, Biometric, Cancel, ChooseMethod, ChooseOs, Consent, EnterPin, FaceCamera, Hold, PressCardButton, PressPhoneButton, Retry, Wait } from "./commands/patient-commands.ts";
import { Restart, SetUpGeneralPurposeReader, StaffVisualCheck, UnplugGeneralPurposeReader } from "./commands/staff-commands.ts";
import { ServiceAnswers, ServiceRestarted, ServiceTrouble } from "./commands/system-commands.ts";
import { NextStep } from "./commands/next-step-command.ts";
import type { CounterConfig } from "./counter-config.ts";
import type { CounterCommand } from "./commands/counter-command.ts";

/** A counter to run a sequence at: every reader model, card state and phone; the general-purpose reader usually set up. */
export const counterConfigArbitrary: fc.Arbitrary<CounterConfig> = fc.record({
  reader: fc.constantFrom("panasonic-xc-stfr1j-mn", "pfu-caora", "almex-myna-touch", "canon-facr"),
  certificate: fc.constantFrom("valid", "valid", "expiring", "expired-in-grace", "expired"),
  phone: fc.constantFrom("iphone", "android"),
  cardFaceReadable: fc.boolean(),
  generalPurposeReaderSetUp: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

const w = (weight: number, arbitrary: fc.Arbitrary<CounterCommand>): fc.WeightedArbitrary<CounterCommand> => ({ weight, arbitrary });

/**
 * Every step a sequence is built from, weighted towards the counter flow (the phone and card paths to the result) and
 * the pilot's mistakes (docs/domain/pilot-findings.md), with staff and service trouble less often.
 */
export function counterCommandArbitraries(): fc.Arbitrary<CounterCommand>[] {
  const patient = fc.oneof(
    w(6, fc.constant(new PressPhoneButton())),
    w(2, fc.constant(new PressCardButton())),
    w(5, fc.constantFrom("iphone", "android").map((os) => new ChooseOs(os))),
    w(5, fc.constantFrom<"right" | "wrong" | "malformed">("right", "right", "right", "wrong", "malformed").map((p) => new EnterPin(p))),
    w(4, fc.constantFrom<"face" | "pin">("face", "pin").map((m) => new ChooseMethod(m))),
    w(3, fc.tuple(fc.boolean(), fc.constantFrom(1, 1, 10)).map(([match, times]) => new FaceCamera(match, times))),
    w(3, fc.constantFrom<"now" | "late">("now", "now", "late").map((when) => new Biometric(when))),
    w(
      9,
      fc
        .tuple(
          fc.constantFrom<Hold["item"]>("phone", "phone", "card", "card", "other-ic-card", "no-chip-card"),
          fc.constantFrom<Hold["port"]>("general-purpose", "card-antenna"),
          fc.constantFrom<Hold["timing"]>("stays", "stays", "stays", "brief", "at-read", "at-sign"),
        )
        .map(([item, port, timing]) => new Hold(item, port, timing)),
    ),
    w(5, fc.constantFrom<Consent["answer"]>("all", "all", true, false, "paper").map((a) => new Consent(a))),
    w(3, fc.constant(new Acknowledge())),
    w(2, fc.constant(new Cancel())),
    w(2, fc.constant(new Retry())),
    w(3, fc.constantFrom<Wait["ms"]>(1_000, 4_000, 12_000, "time-out").map((ms) => new Wait(ms))),
  );
  const staff = fc.oneof(
    w(2, fc.constant(new StaffVisualCheck())),
    w(1, fc.constant(new SetUpGeneralPurposeReader())),
    w(1, fc.constant(new UnplugGeneralPurposeReader())),
    w(2, fc.constantFrom<"terminal" | "reader">("terminal", "reader").map((what) => new Restart(what))),
  );
  const system = fc.oneof(
    w(2, fc.constantFrom<"slow" | "5xx" | "down">("slow", "slow", "5xx", "down").map((mode) => new ServiceTrouble(mode))),
    w(3, fc.constant(new ServiceAnswers())),
    w(1, fc.constant(new ServiceRestarted())),
  );
  // The sensible next step on the screen shown, most of the time; mistakes and trouble in between.
  const next = fc.nat({ max: 5 }).map((k) => new NextStep(k) as CounterCommand);
  return [next, next, next, next, next, next, next, next, next, patient, patient, patient, patient, staff, system];
}
