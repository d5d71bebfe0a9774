import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkScreenMachine,
  DEFAULT_READER_TIMEOUTS,
  FaceAuthReader,
  ManualClock,
  reachableStates,
  READER_MODELS,
  type ReaderEvent,
  SCREEN_MACHINE,
  type ScreenMachineDescription,
  transitionsFrom,
} from "../../../sim/readers/face-auth/index.ts";
import { WsReaderPort } from "../../../sim/readers/ws-reader-port.ts";

describe("the screen machine description", () => {
  it("is consistent: known targets, declared events/guards/actions, every state reachable, a way out of every state", () => {
    expect(checkScreenMachine(SCREEN_MACHINE)).toEqual([]);
  });

  it("the check finds broken descriptions", () => {
    const broken = (patch: Partial<ScreenMachineDescription>): string[] => checkScreenMachine({ ...SCREEN_MACHINE, ...patch });
    expect(broken({ transitions: [...SCREEN_MACHINE.transitions, { from: "standby", event: "cancel", to: "nowhere" as never }] }).join()).toMatch(/unknown target/);
    expect(broken({ transitions: SCREEN_MACHINE.transitions.filter((x) => x.to !== "error-002") }).join()).toMatch(/error-002: unreachable/);
    expect(broken({ transitions: SCREEN_MACHINE.transitions.filter((x) => x.from !== "os-choice" || (x.event !== "timeout" && x.event !== "cancel")) }).join()).toMatch(/os-choice: arms choiceMs but has no timeout transition.*os-choice: no time-out and no cancel/);
    expect(broken({ transitions: SCREEN_MACHINE.transitions.filter((x) => x.from !== "result") }).join()).toMatch(/result: arms resultMs/);
    expect(broken({ transitions: [{ from: "card-reading", event: "readOk", to: "method-choice" }, ...SCREEN_MACHINE.transitions] }).join()).toMatch(/never taken/);
    expect(broken({ guards: SCREEN_MACHINE.guards.filter((g) => g.name !== "faceMatched") }).join()).toMatch(/undeclared guard/);
  });

  it("reaches the result, every published error and every guidance from the top screen", () => {
    const reachable = reachableStates(SCREEN_MACHINE);
    for (const s of SCREEN_MACHINE.states) expect(reachable.has(s.id), s.id).toBe(true);
    const codes = SCREEN_MACHINE.states.filter((s) => s.code).map((s) => [s.code, s.title]);
    expect(codes).toEqual([
      ["001", "マイナンバーカードの認識不可"],
      ["002", "マイナンバーカード以外"],
      ["006", "利用者証明用電子証明書の失効・有効期限切れ"],
    ]);
    expect(transitionsFrom("standby").map((x) => x.event)).toEqual(["chooseCard", "cardSlotDevice", "choosePhone", "generalPurposeDevice"]);
  });

  it("every non-final state has a time-out or a cancel, and every time-out a length in every model", () => {
    for (const state of SCREEN_MACHINE.states) {
      const out = transitionsFrom(state.id);
      if (state.id !== SCREEN_MACHINE.initial) expect(out.some((x) => x.event === "timeout" || x.event === "cancel"), state.id).toBe(true);
      if (state.timeout) for (const m of READER_MODELS) expect(m.timeouts[state.timeout]).toBeGreaterThan(0);
    }
  });
});

/** Patient, staff and clock events with no device in play. */
const patientEvent: fc.Arbitrary<ReaderEvent | { type: "advance"; ms: number }> = fc.oneof(
  fc.constantFrom<ReaderEvent>(
    { type: "chooseCard" },
    { type: "choosePhone" },
    { type: "chooseOs", os: "iphone" },
    { type: "chooseOs", os: "android" },
    { type: "chooseFace" },
    { type: "choosePin" },
    { type: "staffVisualCheck" },
    { type: "acknowledge" },
    { type: "retry" },
    { type: "cancel" },
    { type: "consent", answer: true },
    { type: "consent", answer: "paper" },
  ),
  fc.record({ type: fc.constant("enterPin" as const), pin: fc.stringMatching(/^[0-9]{0,6}$/) }),
  fc.record({ type: fc.constant("faceCameraScore" as const), score: fc.double({ min: -1, max: 2, noNaN: false }) }),
  fc.record({ type: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 70_000 }) }),
);

describe("the machine driven by random patient events and time (no devices)", () => {
  it("never throws, stays in declared states, and always comes back to the top screen once left alone", () => {
    const ids = new Set(SCREEN_MACHINE.states.map((s) => s.id));
    const longest = Math.max(...Object.values(DEFAULT_READER_TIMEOUTS));
    fc.assert(
      fc.property(fc.constantFrom(...READER_MODELS), fc.array(patientEvent, { maxLength: 40 }), (profile, events) => {
        const clock = new ManualClock(Date.UTC(2025, 9, 1));
        const reader = new FaceAuthReader({ profile, cardSlot: new WsReaderPort("slot"), clock });
        try {
          for (const e of events) {
            if (e.type === "advance") clock.advance(e.ms);
            else reader.send(e);
            expect(ids.has(reader.state)).toBe(true);
          }
          for (let i = 0; i < 6 && reader.state !== "standby"; i++) clock.advance(longest);
          expect(reader.state).toBe("standby");
        } finally {
          reader.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
