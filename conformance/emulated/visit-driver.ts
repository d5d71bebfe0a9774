import type { PhoneToken } from "../../sim/phones/index.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import type { WsReaderPort } from "../../sim/readers/ws-reader-port.ts";
import { ServiceUnreachableError } from "../../sim/terminal/qualification-terminal.ts";
import type { ApduTrace } from "../../sim/trace/index.ts";
import type { DeviceSockets } from "../../scenarios/clinic/device-sockets.ts";
import type { PatientAction, ScenarioObservation } from "../observations/scenario-observation.ts";
import type { ObservedDevice } from "./observed-device.ts";
import type { ReferenceCounter } from "./reference-counter.ts";

/** Upper bound of one wait for a screen (the visit then goes on with whatever the screen shows). */
export const SCREEN_WAIT_MS = 5000;
const POLL_MS = 10;

/** Screens on which a visit cannot go on by itself. */
const STOPS: readonly string[] = ["error-001", "error-002", "error-006", "error-read-failed", "error-system", "pin-locked", "face-locked", "face-unavailable", "guidance-timeout", "guidance-phone-read-failed", "guidance-iphone-biometric", "guidance-operate-first", "guidance-phone-on-card-antenna"];

/**
 * Plays the patient and staff at a reference counter for one scenario, recording every action (never a PIN) on the
 * scenario's trace clock. Every wait is bounded: a DUT that does not answer is observed, never waited on for ever.
 */
export class VisitDriver {
  readonly counter: ReferenceCounter;
  private readonly sockets: DeviceSockets;
  private readonly trace: ApduTrace;
  private readonly observation: ScenarioObservation;
  private held: { port: WsReaderPort; phone?: PhoneToken }[] = [];

  constructor(counter: ReferenceCounter, sockets: DeviceSockets, trace: ApduTrace, observation: ScenarioObservation) {
    this.counter = counter;
    this.sockets = sockets;
    this.trace = trace;
    this.observation = observation;
  }

  /** Records a patient or staff action on the trace clock (and as a trace event, so APDU excerpts show it). */
  act(action: PatientAction["action"], detail?: string): void {
    const at = this.trace.now();
    this.observation.patient.push({ at, action, ...(detail !== undefined ? { detail } : {}) });
    this.trace.event("harness", `patient:${action}`, detail !== undefined ? { detail } : {});
  }

  /** How many screens were reported so far (for {@link next}). */
  mark(): number {
    return this.observation.screens.length;
  }

  /** Waits for a screen reported after `since` in `states` (or a stop screen); resolves with its state, or the current one at the bound. */
  async next(states: readonly ScreenStateId[], since = this.mark(), timeoutMs = SCREEN_WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const wanted = new Set<string>([...states, ...STOPS]);
    for (;;) {
      const hit = this.observation.screens.slice(since).find((s) => wanted.has(s.state));
      if (hit) return hit.state;
      if (Date.now() >= deadline) return this.counter.reader.state;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Holds `device` on `where` (a phone enters the field first). */
  async hold(device: ObservedDevice, where: "card-slot" | "general-purpose", phone?: PhoneToken): Promise<void> {
    const port = where === "card-slot" ? this.counter.slot : this.counter.phonePort;
    if (phone) phone.enterField();
    this.act("hold", where);
    await port.hold(await this.sockets.urlOf(device));
    this.held.push({ port, ...(phone ? { phone } : {}) });
  }

  /** Takes every held device away. */
  async takeAway(): Promise<void> {
    for (const { port, phone } of this.held.splice(0)) {
      this.act("remove");
      await port.remove();
      phone?.leaveField();
    }
  }

  /** Answers the consent screens with `answers`, then waits for the result screen. */
  async consent(answers: ConsentAnswers): Promise<boolean> {
    const reader = this.counter.reader;
    const since = this.mark();
    for (const answer of [answers.drug, answers.healthCheck, answers.clinical, answers.surgery, answers.costCap, answers.prescription] as const) {
      this.act("consent", String(answer));
      reader.consent(answer);
    }
    return (await this.next(["result"], since)) === "result";
  }

  /**
   * From the read onwards: acknowledges an expiry alert, answers consent, takes the device away and lets the terminal
   * ask the service and write the result file. Returns false when the reader stopped first.
   */
  async complete(answers: ConsentAnswers, since: number): Promise<boolean> {
    const reader = this.counter.reader;
    let state = await this.next(["consent-drug", "expiry-alert"], since);
    if (state === "expiry-alert") {
      const at = this.mark();
      this.act("acknowledge");
      reader.acknowledge();
      state = await this.next(["consent-drug"], at);
    }
    if (state !== "consent-drug") return false;
    if (!(await this.consent(answers))) return false;
    const read = reader.result;
    await this.takeAway();
    this.act("acknowledge");
    reader.acknowledge();
    if (!read) return false;
    try {
      await this.counter.finish(read);
    } catch (error) {
      if (!(error instanceof ServiceUnreachableError)) throw error;
    }
    return true;
  }

  /** Ends the visit: devices away, the reader back on its top screen. */
  async end(): Promise<void> {
    await this.takeAway();
    const reader = this.counter.reader;
    if (reader.state !== "standby") {
      reader.cancel();
      reader.acknowledge();
    }
  }
}
