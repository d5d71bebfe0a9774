import { describe, expect, it } from "vitest";
import { counterSeed, PilotDraw } from "../../bench/readpath/pilot-draw.ts";
import { PILOT_MIX } from "../../bench/readpath/pilot-mix.ts";
import { expectedPilotOutcome, type PilotPatientPlan } from "../../bench/readpath/pilot-patient-plan.ts";

const SEED = 20_250_701;
const N = 200_000;

/** Share of the plans satisfying `when`. */
const share = (plans: readonly PilotPatientPlan[], when: (p: PilotPatientPlan) => boolean): number => plans.filter(when).length / plans.length;

describe("the pilot mix draw (bench readpath --mix pilot)", () => {
  it("draws the same patients for the same seed and counter, others for another seed or counter", () => {
    const a = new PilotDraw(counterSeed(SEED, 3), PILOT_MIX).take(2_000);
    const b = new PilotDraw(counterSeed(SEED, 3), PILOT_MIX).take(2_000);
    expect(b).toEqual(a);
    expect(new PilotDraw(counterSeed(SEED + 1, 3), PILOT_MIX).take(2_000)).not.toEqual(a);
    expect(new PilotDraw(counterSeed(SEED, 4), PILOT_MIX).take(2_000)).not.toEqual(a);
  });

  it(`gives each outcome class its expected share for seed ${SEED} (${N.toLocaleString("en-US")} patients)`, () => {
    const m = PILOT_MIX;
    const plans = new PilotDraw(SEED, m).take(N);
    const outcome = (p: PilotPatientPlan): string => expectedPilotOutcome(p);
    const phone = m.phoneShare;
    const card = 1 - phone;
    // The expected share of every outcome class from the mix's shares (independent draws).
    const expected: Record<string, number> = {
      "phone patients": phone,
      "iPhones among phones": m.iphoneShareOfPhones,
      "device-error:pin-blocked": card * m.pinBlock,
      "wrong PIN once": (card + phone * (1 - m.iphoneShareOfPhones)) * m.wrongPinOnce,
      "premature taps among phones": m.prematureTap,
      "refused:certificate-revoked": m.revoked * (1 - card * m.pinBlock),
      "refused:certificate-expired": (m.expiredBeyondGrace + phone * m.expiredInGrace) * (1 - card * m.pinBlock),
      "qualified in grace (cards)": card * m.expiredInGrace * (1 - m.pinBlock),
      "service 5xx": m.serviceError,
      "slow answers": m.slowAnswer,
    };
    const phones = plans.filter((p) => p.device !== "card");
    const measured: Record<string, number> = {
      "phone patients": phones.length / N,
      "iPhones among phones": share(phones, (p) => p.device === "iphone"),
      "device-error:pin-blocked": share(plans, (p) => outcome(p) === "device-error:pin-blocked"),
      "wrong PIN once": share(plans, (p) => p.pin === "wrong-once"),
      "premature taps among phones": share(phones, (p) => p.prematureTap),
      "refused:certificate-revoked": share(plans, (p) => outcome(p) === "refused:certificate-revoked"),
      "refused:certificate-expired": share(plans, (p) => outcome(p) === "refused:certificate-expired"),
      "qualified in grace (cards)": share(plans, (p) => outcome(p) === "qualified" && p.device === "card" && p.certificate === "expired-in-grace"),
      "service 5xx": share(plans, (p) => p.fault === "503-before" || p.fault === "502-after"),
      "slow answers": share(plans, (p) => p.fault === "slow"),
    };
    for (const [name, want] of Object.entries(expected)) {
      // Within 4 binomial standard deviations (and 5% of the share) of the expected share.
      const count = name.endsWith("among phones") ? phones.length : N;
      const tolerance = Math.max(4 * Math.sqrt((want * (1 - want)) / count), 0.05 * want);
      expect(Math.abs((measured[name] ?? Number.NaN) - want), `${name}: ${measured[name]} vs ${want}`).toBeLessThanOrEqual(tolerance);
    }
    // Qualified is what remains.
    expect(share(plans, (p) => outcome(p) === "qualified")).toBeGreaterThan(0.97);
  });

  it("keeps a phone out of the card's grace, draws no PIN for an iPhone, no premature tap for a card, slow delays within bounds", () => {
    const plans = new PilotDraw(SEED, { ...PILOT_MIX, phoneShare: 0.5 }).take(20_000);
    for (const p of plans) {
      if (p.device !== "card" && p.certificate === "expired-in-grace") expect(expectedPilotOutcome(p)).toBe(p.pin === "block" ? "device-error:pin-blocked" : "refused:certificate-expired");
      if (p.device === "iphone") expect(p.pin).toBe("right");
      if (p.device === "card") expect(p.prematureTap).toBe(false);
      if (p.device !== "card") expect(p.pin).not.toBe("block");
      if (p.fault === "slow") expect(p.slowMs).toBeGreaterThanOrEqual(PILOT_MIX.slowAnswerMs.min);
      expect(p.slowMs).toBeLessThanOrEqual(PILOT_MIX.slowAnswerMs.max);
    }
    expect(share(plans, (p) => p.device === "card" && p.certificate === "expired-in-grace" && expectedPilotOutcome(p) === "qualified")).toBeGreaterThan(0);
  });
});
