import { describe, expect, it } from "vitest";
import { type PinSignOutcome, SCREEN_MACHINE, type ScreenStateId, transitionsFrom } from "../../../sim/readers/face-auth/index.ts";
import { type DeviceOutcomeKind, OUTCOME_EVENTS, settlementOf } from "../../../sim/readers/face-auth/outcome-events.ts";

/** The kinds each device activity can end in, and the state it runs in. */
const ACTIVITY_OUTCOMES: Record<string, { state: ScreenStateId; kinds: DeviceOutcomeKind[] }> = {
  probeCard: { state: "card-reading", kinds: ["card", "certificate-expired", "phone", "no-chip", "not-my-number-card", "read-failed"] },
  readFacePhoto: { state: "face-photo-reading", kinds: ["photo", "refused", "read-failed"] },
  verifyCardPinAndSign: { state: "card-pin-verifying", kinds: ["signed", "pin-wrong", "pin-blocked", "read-failed"] },
  readPhone: {
    state: "phone-reading",
    kinds: ["read", "certificate-expired", "pin-wrong", "pin-blocked", "biometric-missing", "no-chip", "not-my-number-card", "not-a-phone", "read-failed", "system-failed"],
  },
};

describe("OUTCOME_EVENTS: the one outcome → event mapping", () => {
  it("raises only reader events the machine declares", () => {
    const readerEvents = new Set(SCREEN_MACHINE.events.filter((e) => e.source === "reader").map((e) => e.type));
    for (const [kind, entry] of Object.entries(OUTCOME_EVENTS)) expect(readerEvents.has(entry.event), kind).toBe(true);
  });

  it("every outcome of an activity raises an event its state has a transition for", () => {
    for (const [activity, { state, kinds }] of Object.entries(ACTIVITY_OUTCOMES)) {
      expect(SCREEN_MACHINE.states.find((s) => s.id === state)?.activity).toBe(activity);
      const taken = new Set(transitionsFrom(state).map((x) => x.event));
      for (const kind of kinds) expect(taken.has(OUTCOME_EVENTS[kind].event), `${activity}: ${kind}`).toBe(true);
    }
  });

  it("success records no problem; failures name the device where the wording differs", () => {
    expect(settlementOf({ kind: "signed", signature: new Uint8Array(1) }, "card")).toEqual({ event: { type: "signed" } });
    expect(settlementOf({ kind: "pin-wrong", triesLeft: 2 }, "card").detail).toBe("PIN refused, 2 tries left");
    expect(settlementOf({ kind: "pin-wrong", triesLeft: 2 }, "phone").detail).toBe("PIN refused by the phone, 2 tries left");
    expect(settlementOf({ kind: "pin-blocked" }, "card").detail).toBe("auth PIN blocked");
    expect(settlementOf({ kind: "pin-blocked" }, "phone").detail).toBe("the phone's auth PIN is blocked");
    expect(settlementOf({ kind: "not-my-number-card", statusWord: 0x6a82 }, "card")).toEqual({ event: { type: "notMyNumberCard" }, detail: "SELECT JPKI answered 6A82" });
    expect(settlementOf({ kind: "refused", detail: "照合番号B refused, 9 tries left" }, "card")).toEqual({ event: { type: "photoUnavailable" }, detail: "照合番号B refused, 9 tries left" });
  });

  it("applies an activity's learning for the outcome's own kind only", () => {
    const settle = (outcome: PinSignOutcome) => settlementOf(outcome, "card", { "pin-wrong": (o) => ({ pinTriesLeft: o.triesLeft }) });
    expect(settle({ kind: "pin-wrong", triesLeft: 1 }).update).toEqual({ pinTriesLeft: 1 });
    expect(settle({ kind: "pin-blocked" }).update).toBeUndefined();
  });
});
