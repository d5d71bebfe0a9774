import type { MyNumberCard } from "../../sim/cards/my-number-card.ts";
import type { QualificationResult } from "../../sim/contract/qualification-result.ts";
import type { AndroidPhoneToken, IPhoneToken, PhoneToken } from "../../sim/phones/index.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import type { WsReaderPort } from "../../sim/readers/ws-reader-port.ts";
import type { CounterStation } from "../../sim/station/counter-station.ts";
import { ServiceUnreachableError } from "../../sim/terminal/qualification-terminal.ts";
import { type ApduDevice } from "../../sim/apdu/index.ts";
import type { DeviceSockets } from "./device-sockets.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

/** The identity paths a visit can take. */
export type VisitPath = "card-face" | "card-pin" | "card-visual" | "iphone" | "android";

/** What the patient brings and does (modelled behaviour; the pilot's findings set which mistakes exist). */
export type VisitPlan =
  | { device: "card"; card: MyNumberCard; method: "face" | "pin" | "visual"; pin?: string; faceScore?: number; consents: ConsentAnswers }
  | { device: "iphone"; phone: IPhoneToken; biometricFirst: boolean; holdBeforeButton?: boolean; wrongPlace?: boolean; consents: ConsentAnswers }
  | { device: "android"; phone: AndroidPhoneToken; pin: string; holdBeforeButton?: boolean; wrongPlace?: boolean; consents: ConsentAnswers };

/** How a visit ended. */
export type VisitOutcome =
  /** The service answered: the result file is written; `result.qualificationValidity` says whether the patient is covered. */
  | { kind: "answered"; path: VisitPath; result: QualificationResult; resultFile: string; guidance: string[] }
  /** The service refused the proof (e.g. revoked certificate); a result file is written. */
  | { kind: "refused"; path: VisitPath; result: QualificationResult; resultFile: string; guidance: string[] }
  /** The service could not be reached after the read: an error result file was written (SegmentOfResult 9). */
  | { kind: "service-unreachable"; path: VisitPath; resultFile: string; message: string; guidance: string[] }
  /** The reader stopped on an error or guidance screen the patient could not get past. */
  | { kind: "reader-stopped"; path: VisitPath; state: ScreenStateId; code?: string; title: string; guidance: string[] };

const WAIT_MS = 10_000;

function pathOf(plan: VisitPlan): VisitPath {
  if (plan.device === "card") return plan.method === "face" ? "card-face" : plan.method === "pin" ? "card-pin" : "card-visual";
  return plan.device;
}

const STOPS: readonly ScreenStateId[] = ["error-001", "error-002", "error-006", "error-read-failed", "error-system", "pin-locked", "face-locked", "face-unavailable", "guidance-timeout", "guidance-phone-read-failed"];

/**
 * Drives one patient through a counter: the screens of the face-auth reader, the device held where the patient holds
 * it (over its own socket), the consent screens, then the terminal's call to the online service and the result file.
 * Every wait is bounded. The device is taken away and the reader back on its top screen when the visit ends.
 */
export async function runVisit(station: CounterStation, sockets: DeviceSockets, plan: VisitPlan): Promise<VisitOutcome> {
  const { reader } = station;
  const path = pathOf(plan);
  const guidance: string[] = [];
  const heldOn: { port: WsReaderPort; device: ApduDevice }[] = [];

  const hold = async (device: ApduDevice, port: WsReaderPort) => {
    if (isPhone(device)) device.enterField();
    await port.hold(await sockets.urlOf(device));
    heldOn.push({ port, device });
  };
  const takeAway = async () => {
    for (const { port, device } of heldOn.splice(0)) {
      await port.remove();
      if (isPhone(device)) device.leaveField();
    }
  };
  // A wait that times out resolves with the screen as it is, and the visit ends on it: never a throw, never a hang.
  const wait = (states: readonly ScreenStateId[]) => reader.waitForState([...states, ...STOPS], { timeoutMs: WAIT_MS }).catch(() => reader.state);
  const stopped = async (): Promise<VisitOutcome> => {
    const screen = reader.screen();
    await takeAway();
    reader.acknowledge();
    return { kind: "reader-stopped", path, state: screen.state, ...(screen.code ? { code: screen.code } : {}), title: screen.title, guidance };
  };

  try {
    if (plan.device === "card") {
      await hold(plan.card, station.slot);
      let state = await wait(["method-choice", "expiry-alert"]);
      if (state === "expiry-alert") {
        guidance.push(reader.screen().title);
        reader.acknowledge();
        state = await wait(["method-choice"]);
      }
      if (state !== "method-choice") return await stopped();
      if (plan.method === "face") {
        reader.chooseFace();
        if ((await wait(["face-match"])) !== "face-match") return await stopped();
        reader.faceCameraScore(plan.faceScore ?? 0.95);
      } else if (plan.method === "pin") {
        reader.choosePin();
        if ((await wait(["card-pin-entry"])) !== "card-pin-entry") return await stopped();
        reader.enterPin(plan.pin ?? DEFAULT_CREDENTIALS.authPin);
      } else {
        reader.staffVisualCheck();
      }
    } else {
      const phone = plan.phone;
      if (plan.holdBeforeButton) {
        // The pilot's most common mistake: the phone held before the screen was operated.
        await hold(phone, station.phonePort);
        if ((await wait(["guidance-operate-first"])) === "guidance-operate-first") guidance.push(reader.screen().title);
      }
      if (!reader.choosePhone()) return await stopped();
      reader.chooseOs(plan.device);
      if (plan.device === "iphone" && plan.biometricFirst) plan.phone.performBiometric("face");
      if (plan.device === "android") {
        if ((await wait(["android-pin-entry"])) !== "android-pin-entry") return await stopped();
        reader.enterPin(plan.pin);
      }
      if (plan.wrongPlace && !station.profile.readsPhonesItself) {
        await hold(phone, station.slot);
        if ((await wait(["guidance-phone-on-card-antenna"])) === "guidance-phone-on-card-antenna") guidance.push(reader.screen().title);
        await takeAway();
        reader.acknowledge();
        await wait(["standby"]);
        reader.choosePhone();
        reader.chooseOs(plan.device);
        if (plan.device === "android") {
          await wait(["android-pin-entry"]);
          reader.enterPin(plan.pin);
        }
      }
      if (heldOn.length === 0) await hold(phone, station.phonePort);
      if (plan.device === "iphone") {
        const s = await wait(["consent-drug", "expiry-alert", "guidance-iphone-biometric"]);
        if (s === "guidance-iphone-biometric") {
          // The patient does Face ID when the screen asks, and taps again.
          guidance.push(reader.screen().title);
          plan.phone.performBiometric("face");
          reader.retry();
        }
      }
    }
    // A wrong PIN brings the PIN pad back (with the tries left): the patient knows no other PIN, so the visit stops there.
    let state = await wait(["consent-drug", "expiry-alert", "card-pin-entry", "android-pin-entry"]);
    if (state === "expiry-alert") {
      guidance.push(reader.screen().title);
      reader.acknowledge();
      state = await wait(["consent-drug"]);
    }
    if (state !== "consent-drug") return await stopped();
    const a = plan.consents;
    for (const answer of [a.drug, a.healthCheck, a.clinical, a.surgery, a.costCap, a.prescription] as const) reader.consent(answer);
    if ((await wait(["result"])) !== "result" || !reader.result) return await stopped();
    const read = reader.result;
    await takeAway();
    reader.acknowledge();
    let finished;
    try {
      finished = await station.finish(read);
    } catch (e) {
      if (e instanceof ServiceUnreachableError) return { kind: "service-unreachable", path, resultFile: e.resultFile, message: e.message, guidance };
      throw e;
    }
    const { result, resultFile } = finished;
    return result.processingResultStatus === "1" ? { kind: "answered", path, result, resultFile, guidance } : { kind: "refused", path, result, resultFile, guidance };
  } finally {
    await takeAway();
    if (reader.state !== "standby") {
      reader.cancel();
      reader.acknowledge();
    }
  }
}

function isPhone(device: ApduDevice): device is PhoneToken {
  return typeof (device as Partial<PhoneToken>).enterField === "function";
}
