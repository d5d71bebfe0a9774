import type { DeviceKind, IdentityProof } from "../../contract/identity-proof.ts";
import type { ExpiryCheck } from "./certificate-expiry.ts";
import { CONSENT_SCREENS, type ConsentAnswers } from "./consent-answers.ts";
import type { ReaderEvent } from "./reader-event.ts";
import type { ReaderProfile } from "./reader-profile.ts";
import type { ReaderSession } from "./reader-session.ts";
import type { ScreenActionName, ScreenGuardName, ScreenStateId } from "./screen-machine.ts";
import { type RuleSwitchboard, rulesOrDefault } from "../../rules/index.ts";

/** A guard of the screen machine: whether a transition may take `event`. */
export type ScreenGuard = (event: ReaderEvent) => boolean;

/** An action of the screen machine, run when a transition takes `event`. */
export type ScreenAction = (event: ReaderEvent) => void;

/** The screen machine's guards and actions, by the names `SCREEN_MACHINE` uses. */
export interface ScreenBindings {
  readonly guards: Readonly<Record<ScreenGuardName, ScreenGuard>>;
  readonly actions: Readonly<Record<ScreenActionName, ScreenAction>>;
}

/** A read whose identity check and consent screens are done. */
export interface FinishedRead {
  proof: IdentityProof;
  expiry: ExpiryCheck;
  consents: ConsentAnswers;
}

/** What the guards and actions look at and act on: the reader behind the screen. */
export interface ScreenBindingHost {
  readonly profile: ReaderProfile;
  /** The session of the read in progress. */
  session(): ReaderSession;
  /** The state the machine is in (the screen the event was answered on). */
  state(): ScreenStateId;
  /** Whether the top screen shows 「スマートフォンを利用する」. */
  phoneButtonShown(): boolean;
  /** Ends the session in progress and starts a fresh one (`kind` when known from the start). */
  newSession(kind?: DeviceKind): void;
  /** Hands a finished read to the terminal. */
  finish(read: FinishedRead): void;
  /** Rule switchboard (default every rule on). */
  readonly rules?: RuleSwitchboard;
}

/** The guards and actions of {@link SCREEN_MACHINE} for the reader `host`. */
export function screenBindings(host: ScreenBindingHost): ScreenBindings {
  const { profile } = host;
  const rules = rulesOrDefault(host.rules);
  const guards: Record<ScreenGuardName, ScreenGuard> = {
    phoneButtonShown: () => host.phoneButtonShown(),
    readsPhonesItself: () => profile.readsPhonesItself,
    // Rule hook: with "guidance-on-premature-tap" off, a phone held on the top screen is ignored (no guidance).
    needsGeneralPurposeReader: () => !profile.readsPhonesItself && !(host.state() === "standby" && rules.isOff("guidance-on-premature-tap")),
    paperCardFallback: () => profile.noChip === "paper-card",
    certificateInAlertWindow: () => host.session().expiry?.status === "expiring" || host.session().expiry?.status === "in-grace",
    cardSession: () => host.session().kind === "card",
    faceAvailable: () => host.session().faceFailures < profile.faceLockAfterFailures,
    faceMatched: (e) => e.type === "faceCameraScore" && Number.isFinite(e.score) && e.score >= profile.faceMatchThreshold,
    faceLockReached: () => host.session().faceFailures + 1 >= profile.faceLockAfterFailures,
    osIsIphone: (e) => e.type === "chooseOs" && e.os === "iphone",
    osIsAndroid: (e) => e.type === "chooseOs" && e.os === "android",
    pinWellFormed: (e) => e.type === "enterPin" && /^[0-9]{4}$/.test(e.pin),
    yesNoAnswer: (e) => e.type === "consent" && typeof e.answer === "boolean",
    prescriptionAnswer: (e) => e.type === "consent" && (e.answer === "electronic" || e.answer === "paper"),
  };
  const actions: Record<ScreenActionName, ScreenAction> = {
    startCardSession: () => host.newSession("card"),
    startPhoneSession: () => host.newSession(),
    rememberOs: (e) => {
      if (e.type !== "chooseOs") return;
      const session = host.session();
      session.os = e.os;
      session.kind = e.os;
    },
    holdPinForUse: (e) => {
      if (e.type === "enterPin") host.session().pin = e.pin;
    },
    useFace: () => {
      host.session().method = "face";
    },
    usePin: () => {
      host.session().method = "pin";
    },
    useVisualCheck: () => {
      host.session().method = "visual";
    },
    countFaceFailure: () => {
      host.session().faceFailures++;
    },
    recordConsent: (e) => {
      const key = CONSENT_SCREENS[host.state()];
      if (e.type !== "consent" || key === undefined) return;
      const { consents } = host.session();
      if (key === "prescription") {
        if (e.answer === "electronic" || e.answer === "paper") consents.prescription = e.answer;
      } else if (typeof e.answer === "boolean") consents[key] = e.answer;
    },
    finishResult: () => {
      const { proof, expiry, consents } = host.session();
      if (proof === undefined || expiry === undefined) return;
      host.finish({ proof, expiry, consents: completeConsents(consents) });
    },
  };
  return { guards, actions };
}

/** The answers of every consent screen; a screen not answered counts as "no" (and a paper prescription). */
function completeConsents(consents: Partial<ConsentAnswers>): ConsentAnswers {
  return {
    drug: consents.drug ?? false,
    healthCheck: consents.healthCheck ?? false,
    clinical: consents.clinical ?? false,
    surgery: consents.surgery ?? false,
    costCap: consents.costCap ?? false,
    prescription: consents.prescription ?? "paper",
  };
}
