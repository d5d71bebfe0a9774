import { SeededRandom } from "../../scenarios/seeded-random.ts";
import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import type { PilotMix } from "./pilot-mix.ts";
import type { PilotCertificate, PilotPatientPlan, PilotPin, PilotServiceFault } from "./pilot-patient-plan.ts";

/** The seed of counter `counter`'s stream from the run's printed seed (a 32-bit mix, so neighbours differ). */
export function counterSeed(seed: number, counter: number): number {
  let h = (seed ^ Math.imul(counter + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A counter's stream of pilot-mix patients: the same seed and counter give the same patients in the same order.
 * Every patient takes exactly seven draws from the generator, whatever is drawn, so one choice never shifts the
 * others. Shares: {@link PilotMix} (docs/domain/pilot-findings.md for the public ones).
 */
export class PilotDraw {
  readonly #rng: SeededRandom;

  constructor(
    readonly seed: number,
    readonly mix: PilotMix,
  ) {
    this.#rng = new SeededRandom(seed);
  }

  /** The next patient. */
  next(): PilotPatientPlan {
    const r = Array.from({ length: 7 }, () => this.#rng.next()) as [number, number, number, number, number, number, number];
    const m = this.mix;
    const phone = r[0] < m.phoneShare;
    const device: DeviceKind = !phone ? "card" : r[1] < m.iphoneShareOfPhones ? "iphone" : "android";
    let certificate: PilotCertificate = "valid";
    if (r[2] < m.revoked) certificate = "revoked";
    else if (r[2] < m.revoked + m.expiredBeyondGrace) certificate = "expired";
    else if (r[2] < m.revoked + m.expiredBeyondGrace + m.expiredInGrace) certificate = "expired-in-grace";
    let pin: PilotPin = "right";
    if (device !== "iphone") {
      if (device === "card" && r[3] < m.pinBlock) pin = "block";
      else if (r[3] >= m.pinBlock && r[3] < m.pinBlock + m.wrongPinOnce) pin = "wrong-once";
    }
    const prematureTap = phone && r[4] < m.prematureTap;
    let fault: PilotServiceFault = "none";
    if (r[5] < m.serviceError / 2) fault = "503-before";
    else if (r[5] < m.serviceError) fault = "502-after";
    else if (r[5] < m.serviceError + m.slowAnswer) fault = "slow";
    const slowMs = fault === "slow" ? Math.round(m.slowAnswerMs.min + r[6] * (m.slowAnswerMs.max - m.slowAnswerMs.min)) : 0;
    return { device, certificate, pin, prematureTap, fault, slowMs };
  }

  /** The next `n` patients. */
  take(n: number): PilotPatientPlan[] {
    return Array.from({ length: n }, () => this.next());
  }
}
