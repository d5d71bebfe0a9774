import { setTimeout as sleep } from "node:timers/promises";
import type { ApduDevice } from "../../sim/apdu/index.ts";
import { IPhoneToken, type PhoneToken } from "../../sim/phones/index.ts";
import type { FaceAuthResult } from "../../sim/readers/face-auth/face-auth-reader.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import { processingTime } from "../../sim/readers/general-purpose/index.ts";
import { ServiceRefusedError, ServiceUnreachableError } from "../../sim/terminal/qualification-terminal.ts";
import { TracingTransceiver } from "../../sim/trace/index.ts";
import { PaymentCardFront } from "./mechanisms/payment-card-front.ts";
import { OtherIcCard } from "./mechanisms/other-ic-card.ts";
import { runHostTool } from "./mechanisms/host-tool-run.ts";
import type { ScenarioEntry, ScenarioStep } from "./scenario-entry.ts";
import type { ObservedOutcome } from "./scenario-verdict.ts";
import type { ScenarioWorld } from "./scenario-world.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

/** States in which the reader is working on its own; the runner waits for it to leave them. */
const BUSY: ReadonlySet<ScreenStateId> = new Set(["card-reading", "phone-reading", "card-pin-verifying", "card-attesting", "face-photo-reading"]);
/** Consent answers the simulated patient gives (fixed: outcomes do not depend on them). */
const CONSENTS = [true, false, true, false, false, "electronic"] as const;

/**
 * Waits (real time) until the readers behind the carrier have caught up with the fields and the reader has been on one
 * non-busy screen for the carrier's quiet time, bounded to 100 times that time (plus pcscd's catching up).
 */
export async function settle(world: ScenarioWorld): Promise<void> {
  const reader = world.station.reader;
  const look = Math.max(5, world.ports.quietMs / 4);
  let last = reader.state;
  let stable = 0;
  for (let i = 0; i < 400 && stable < 4; i++) {
    await sleep(look);
    await world.ports.sync();
    const s = reader.state;
    if (s === last && !BUSY.has(s)) stable++;
    else {
      stable = 0;
      last = s;
    }
  }
}

/** The mutable record of a scenario run, filled by {@link playStep}. */
export interface PlayState {
  observed: ObservedOutcome;
  lastRead: FaceAuthResult | undefined;
  /** Whether a counter visit took place (a fallback is recorded only then). */
  visited: boolean;
}

function phoneDevice(world: ScenarioWorld, entry: ScenarioEntry, which: "phone" | "second-phone"): ApduDevice {
  const phone = which === "phone" ? world.phone : world.secondPhone;
  if (phone === undefined) throw new Error(`no ${which} in this setting`);
  const gp = entry.setting.generalPurposeReader;
  const device = entry.setting.device;
  // Modelled (kormax-9): without Apple's enhanced polling frame an iPhone answers with its default payment card.
  if (phone instanceof IPhoneToken && gp.enhancedPolling === false && (device.kind !== "iphone" || device.defaultPaymentCard !== false)) return new PaymentCardFront(phone);
  return phone;
}

/** Plays one step against the world. */
export async function playStep(world: ScenarioWorld, entry: ScenarioEntry, step: ScenarioStep, play: PlayState): Promise<void> {
  const { reader, settings } = world.station;
  const device = entry.setting.device;
  switch (step.do) {
    case "press-phone-button": {
      play.visited = true;
      const shown = reader.choosePhone();
      play.observed.phoneButton ??= shown;
      break;
    }
    case "choose-os":
      reader.chooseOs(step.os);
      break;
    case "enter-pin":
      reader.enterPin(step.pin);
      break;
    case "biometric":
      if (world.phone instanceof IPhoneToken) world.phone.performBiometric(step.kind ?? "face");
      break;
    case "hold": {
      play.visited = true;
      const which = step.device ?? (device.kind === "card" ? "card" : "phone");
      const held: ApduDevice = which === "card" ? (device.kind === "card" && device.chip !== undefined && device.chip !== "my-number" ? new OtherIcCard(device.chip) : world.card) : phoneDevice(world, entry, which);
      const port = step.on === "general-purpose" ? world.gp : world.antenna;
      const timing = device.kind === "card" ? processingTime() : processingTime({ signatureMs: device.signatureMs ?? 0, apduMs: device.apduMs ?? 0 });
      if (step.leaveOn !== undefined) {
        // The patient takes the device away just as the reader sends that command (carrier-independent: seen in the trace).
        const ins = step.leaveOn === "sign" ? 0x2a : 0xb0;
        const stop = world.trace.subscribe((e) => {
          if (e.direction !== "command" || e.bytes[1] !== ins) return;
          stop();
          port.remove();
        });
      }
      port.hold(held, { ...(step.holdMs !== undefined ? { holdMs: step.holdMs } : {}), ...(step.over ? { placement: { over: step.over } } : {}), timing });
      break;
    }
    case "take-away":
      world.antenna.remove();
      world.gp.remove();
      break;
    case "choose-face":
      reader.chooseFace();
      break;
    case "face-score":
      for (let i = 0; i < (step.times ?? 1); i++) reader.faceCameraScore(step.score);
      break;
    case "choose-pin":
      reader.choosePin();
      break;
    case "staff-visual-check":
      reader.staffVisualCheck();
      break;
    case "consent":
      for (const answer of CONSENTS) reader.consent(answer);
      await settle(world);
      if (reader.state === "result" && reader.result) {
        play.lastRead = reader.result;
        world.antenna.remove();
        world.gp.remove();
        reader.acknowledge();
        await finish(world, play, play.lastRead);
      }
      break;
    case "acknowledge":
      reader.acknowledge();
      break;
    case "retry":
      reader.retry();
      break;
    case "wait":
      world.clock.advance(step.ms);
      break;
    case "restart":
      if (step.what === "terminal") settings.restartTerminal();
      else reader.restart();
      break;
    case "power-cycle":
      if (world.fault.powerCycle(step.order)) {
        settings.restartTerminal();
        reader.restart();
      }
      break;
    case "add-card-to-phone": {
      const which = step.phone ?? "phone";
      let phone: PhoneToken | undefined = which === "phone" ? world.phone : world.secondPhone;
      if (phone === undefined) {
        phone = world.newPhone(`${device.kind}-${entry.setting.persona}-second`);
        world.secondPhone = phone;
      }
      const card = step.persona === undefined ? world.card : await world.cards.card(step.persona);
      for (let i = 0; i < (step.times ?? 1); i++) {
        const result = await world.phones.provision({ phone, card, cardSignPassword: step.signPassword ?? DEFAULT_CREDENTIALS.signPassword, cardInfoPin: DEFAULT_CREDENTIALS.cardInfoPin, healthInsuranceRegistered: true });
        play.observed.provision = result.ok ? "ok" : result.refusal.reason;
        if (result.ok) world.links.register(result.record.certificates.auth.serialNumber, card.persona.id, phone.model.platform === "ios" ? "iphone" : "android");
      }
      break;
    }
    case "call-hotline":
      world.phones.suspend(entry.setting.persona);
      break;
    case "resend-last-read":
      if (play.lastRead) await finish(world, play, play.lastRead);
      else play.observed.notes.push("resend-last-read: no read to resend");
      break;
    case "host-read": {
      const held = world.gp.device;
      const result = await runHostTool(
        world.gp, // the host tool is a PC/SC program on the general-purpose reader itself, whatever the FACR's carrier
        step.tool,
        step.fault,
        () => {
          // The patient's phone leaves the field mid-read and is held again shortly after.
          world.gp.remove();
          if (held) setTimeout(() => world.gp.hold(held), 30).unref();
        },
        (link) => new TracingTransceiver(link, world.trace),
      );
      play.observed.host = result.outcome;
      play.observed.hostDetail = result.detail;
      break;
    }
  }
  await settle(world);
}

/** The terminal sends a completed read to the service and writes the result file. */
async function finish(world: ScenarioWorld, play: PlayState, read: FaceAuthResult): Promise<void> {
  try {
    const { result, resultFile } = await world.station.finish(read);
    play.observed.resultFile = { status: result.processingResultStatus, file: resultFile, ...(result.qualificationValidity !== undefined ? { validity: result.qualificationValidity } : {}) };
  } catch (error) {
    if (error instanceof ServiceUnreachableError || error instanceof ServiceRefusedError) play.observed.resultFile = "error";
    else throw error;
  }
}
