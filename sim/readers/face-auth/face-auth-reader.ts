import { EventEmitter } from "node:events";
import type { KeyObject } from "node:crypto";
import { KeyStore } from "../../pki/key-store.ts";
import type { DeviceKind, IdentityMethod, IdentityProof } from "../../contract/identity-proof.ts";
import { type ApduTrace, TracingTransceiver } from "../../trace/index.ts";
import { type Transceiver } from "../../apdu/index.ts";
import { signReaderAttestation } from "../../contract/index.ts";
import type { ReaderPort } from "../reader-port.ts";
import { type CardFaceScanner, unreadableCardFace } from "./card-face-scanner.ts";
import { probeCard } from "./card-probe.ts";
import { verifyPinAndSign } from "./card-pin-sign.ts";
import type { ExpiryCheck } from "./certificate-expiry.ts";
import { type ChallengeSource, localChallengeSource } from "./challenge-source.ts";
import { CONSENT_SCREENS, type ConsentAnswer, type ConsentAnswers } from "./consent-answers.ts";
import { describeReadError } from "./device-read-error.ts";
import { readFacePhoto } from "./face-photo.ts";
import { type PhoneOs, readPhone } from "./phone-read.ts";
import { type ReaderClock, systemClock } from "./reader-clock.ts";
import type { ReaderEvent } from "./reader-event.ts";
import type { ReaderProfile } from "./reader-profile.ts";
import {
  SCREEN_MACHINE,
  type ScreenActionName,
  type ScreenActivityName,
  type ScreenEventType,
  type ScreenGuardName,
  type ScreenKind,
  type ScreenStateId,
  screenState,
} from "./screen-machine.ts";
import { SCREEN_GUIDANCE } from "./screen-guidance.ts";
import { type SettingsStamp, TerminalSettings } from "./terminal-settings.ts";

/** Options of a {@link FaceAuthReader}. */
export interface FaceAuthReaderOptions {
  /** The model. */
  profile: ReaderProfile;
  /** The reader's own card slot / antenna (on Canon also where phones are held). */
  cardSlot: ReaderPort;
  /** The terminal's phone set-up (general-purpose reader, setting, restarts). Default: a fresh terminal. */
  settings?: TerminalSettings;
  /** Serial number, part of the reader's ID and key slot (default `0001`). */
  serial?: string;
  /** Where the reader's own RSA-2048 key lives (slot `reader:<model id>:<serial>`). Default: the shared store. */
  keyStore?: KeyStore;
  /** Clock and timers for certificate dates and screen time-outs (default: the real ones). */
  clock?: ReaderClock;
  /** Where challenges come from (default: made locally; the online service plugs in here). */
  challengeSource?: ChallengeSource;
  /** How the reader obtains 照合番号B from the card face (modelled; default: it cannot, so face match is unavailable). */
  cardFaceScanner?: CardFaceScanner;
  /** Records every APDU the reader exchanges (PINs redacted). */
  trace?: ApduTrace;
}

/** What a completed read hands to the qualification terminal. */
export interface FaceAuthResult {
  /** The reader that did the read (`reader:<model id>:<serial>`). */
  readerId: string;
  proof: IdentityProof;
  consents: ConsentAnswers;
  /** The certificate's dates as the reader judged them (`expiring` / `in-grace` raised the alert). */
  expiry: ExpiryCheck;
  /** Reader time of completion (ms since the epoch). */
  completedAt: number;
}

/** What the screen shows now. A PIN is never part of it. */
export interface ScreenView {
  /** The machine state behind the screen. */
  state: ScreenStateId;
  kind: ScreenKind;
  /** The title in Japanese (the model's wording where it has its own). */
  title: string;
  /** Published error code, when the screen shows one. */
  code?: string;
  lines: string[];
  /** Buttons offered, in Japanese. */
  buttons: string[];
}

/** One step the machine took (PINs never recorded). */
export interface ScreenStep {
  at: number;
  from: ScreenStateId;
  event: ScreenEventType;
  guard?: ScreenGuardName;
  to: ScreenStateId;
}

/** Why the last read stopped, for reports (never shown with a PIN). */
export interface ReadProblem {
  state: ScreenStateId;
  event: ScreenEventType;
  detail: string;
}

/** Events of a {@link FaceAuthReader}. */
export interface FaceAuthReaderEvents {
  screen: [view: ScreenView];
  result: [result: FaceAuthResult];
}

/** The state of one patient's read, dropped at the top screen. */
interface Session {
  kind?: DeviceKind;
  os?: PhoneOs;
  link?: Transceiver;
  certificate?: Uint8Array;
  expiry?: ExpiryCheck;
  /** Held only between its entry and the VERIFY that uses it. */
  pin?: string;
  method?: IdentityMethod;
  faceFailures: number;
  photo?: Uint8Array;
  pinTriesLeft?: number;
  proof?: IdentityProof;
  consents: Partial<ConsentAnswers>;
}

const BUTTONS: Partial<Record<ScreenStateId, string[]>> = {
  "card-hold": ["戻る"],
  "expiry-alert": ["確認"],
  "method-choice": ["顔認証", "暗証番号", "戻る"],
  "face-match": ["暗証番号", "戻る"],
  "face-unavailable": ["暗証番号", "戻る"],
  "face-locked": ["暗証番号", "戻る"],
  "card-pin-entry": ["確定", "戻る"],
  "android-pin-entry": ["確定", "戻る"],
  "pin-locked": ["確認"],
  "os-choice": ["iPhone", "Android", "戻る"],
  "phone-hold": ["戻る"],
  "consent-prescription": ["電子処方箋", "紙の処方箋"],
  "guidance-iphone-biometric": ["もう一度かざす", "戻る"],
};

/** States between typing a PIN and the VERIFY that uses it. */
const PIN_PATH: ReadonlySet<ScreenStateId> = new Set(["phone-hold", "phone-reading", "card-pin-verifying"]);

/** How often a watcher looks whether a device already present has been taken away. */
const REMOVAL_POLL_MS = 20;
/** Upper bound of one port wait; watchers wait again until their state ends. */
const PORT_WAIT_MS = 60_000;

/**
 * A face-auth card reader (顔認証付きカードリーダー) of a given {@link ReaderProfile}, running the shared
 * {@link SCREEN_MACHINE}. It reads devices only through {@link ReaderPort}s — its own card slot/antenna and the
 * terminal's general-purpose reader (Canon: its own antenna for phones too) — in real APDUs, and hands an
 * {@link IdentityProof} plus the consents to the terminal ({@link FaceAuthResult}).
 *
 * Patients and staff drive it with the event methods (`chooseCard`, `choosePhone`, `chooseOs`, `enterPin`,
 * `faceCameraScore`, `staffVisualCheck`, `consent`…); devices by appearing on the ports; time by the injected clock.
 * A device must leave the slot before it is read again from the top screen. `restart()` is a power cycle.
 */
export class FaceAuthReader extends EventEmitter<FaceAuthReaderEvents> {
  /** The model this reader is. */
  readonly profile: ReaderProfile;
  /** The terminal's phone set-up this reader follows. */
  readonly settings: TerminalSettings;
  /** `reader:<model id>:<serial>`: the reader's ID in attestations and its key slot. */
  readonly readerId: string;
  private readonly cardSlot: ReaderPort;
  private readonly keyStore: KeyStore;
  private readonly clock: ReaderClock;
  private readonly challengeSource: ChallengeSource;
  private readonly cardFaceScanner: CardFaceScanner;
  private readonly trace: ApduTrace | undefined;
  private stateId: ScreenStateId = SCREEN_MACHINE.initial;
  private generation = 0;
  private abort = new AbortController();
  private cancelTimer: (() => void) | undefined;
  private session: Session = { faceFailures: 0, consents: {} };
  private readerRestart: SettingsStamp;
  private freshPlacementOnly = false;
  private readonly queue: ReaderEvent[] = [];
  private dispatching = false;
  private closed = false;
  private readonly steps: ScreenStep[] = [];
  private lastResult: FaceAuthResult | undefined;
  private problem: ReadProblem | undefined;

  constructor(options: FaceAuthReaderOptions) {
    super();
    this.profile = options.profile;
    this.cardSlot = options.cardSlot;
    this.clock = options.clock ?? systemClock;
    this.settings = options.settings ?? new TerminalSettings({ clock: this.clock });
    this.readerId = `reader:${options.profile.id}:${options.serial ?? "0001"}`;
    this.keyStore = options.keyStore ?? KeyStore.shared();
    this.challengeSource = options.challengeSource ?? localChallengeSource;
    this.cardFaceScanner = options.cardFaceScanner ?? unreadableCardFace;
    this.trace = options.trace;
    this.readerRestart = this.settings.stamp();
    this.enter("standby");
  }

  /** The current screen state. */
  get state(): ScreenStateId {
    return this.stateId;
  }

  /** The steps taken so far, oldest first. */
  get history(): readonly ScreenStep[] {
    return this.steps;
  }

  /** The last completed read, if any. */
  get result(): FaceAuthResult | undefined {
    return this.lastResult;
  }

  /** Why the last read stopped short (device error, refusal…), if it did. */
  get lastProblem(): ReadProblem | undefined {
    return this.problem;
  }

  /** The reader's own public key (RSA-2048), for whoever checks its attestations. */
  async publicKey(): Promise<KeyObject> {
    return (await this.keyStore.keyPair(this.readerId)).publicKey;
  }

  /**
   * Whether the top screen shows 「スマートフォンを利用する」: the setting is on, a general-purpose reader is connected and
   * configured (not needed on Canon), and the terminal and this reader were both restarted after the last change.
   */
  phoneButtonShown(): boolean {
    return this.settings.phoneSetupInForce(this.readerRestart) && (this.profile.readsPhonesItself || this.settings.generalPurposeReader !== undefined);
  }

  /** What the screen shows now. */
  screen(): ScreenView {
    const state = screenState(this.stateId);
    const lines = [...(SCREEN_GUIDANCE[state.id] ?? [])];
    if (state.code) lines.unshift(`エラーコード：${state.code}`);
    if ((state.id === "card-pin-entry" || state.id === "android-pin-entry") && this.session.pinTriesLeft !== undefined) {
      lines.push(`暗証番号が違います。残り${this.session.pinTriesLeft}回`);
    }
    if (state.id === "face-match" && this.session.faceFailures > 0) lines.push(`顔認証に失敗しました（${this.session.faceFailures}/${this.profile.faceLockAfterFailures}回）`);
    if (state.id === "expiry-alert" && this.session.expiry) {
      const date = this.session.expiry.notAfter.toISOString().slice(0, 10);
      lines.push(this.session.expiry.status === "in-grace" ? `有効期限（${date}）が切れています。期限後3か月間は利用できます。` : `有効期限は${date}です。お早めに更新してください。`);
    }
    const buttons = state.id === "standby" ? (this.phoneButtonShown() ? ["スマートフォンを利用する"] : []) : state.kind === "consent" && state.id !== "consent-prescription" ? ["同意する", "同意しない"] : state.kind === "error" || state.kind === "guidance" ? ["確認"] : (BUTTONS[state.id] ?? []);
    return { state: state.id, kind: state.kind, title: this.profile.wording[state.id] ?? state.title, ...(state.code ? { code: state.code } : {}), lines, buttons };
  }

  /**
   * Feeds one event to the machine; returns whether a transition took it (events a state does not expect are ignored,
   * as a real screen ignores a press outside its buttons). Events raised while one is handled are queued.
   */
  send(event: ReaderEvent): boolean {
    if (this.closed) return false;
    if (this.dispatching) {
      this.queue.push(event);
      return true;
    }
    this.dispatching = true;
    try {
      const taken = this.dispatch(event);
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.dispatch(next);
      return taken;
    } finally {
      this.dispatching = false;
    }
  }

  /** Patient: uses the card (the card can also simply be placed on the top screen). */
  chooseCard(): boolean {
    return this.send({ type: "chooseCard" });
  }

  /** Patient: presses 「スマートフォンを利用する」 (ignored when the button is not shown). */
  choosePhone(): boolean {
    return this.send({ type: "choosePhone" });
  }

  /** Patient: chooses the phone's OS. */
  chooseOs(os: PhoneOs): boolean {
    return this.send({ type: "chooseOs", os });
  }

  /** Patient: chooses face authentication. */
  chooseFace(): boolean {
    return this.send({ type: "chooseFace" });
  }

  /** Patient: chooses PIN entry. */
  choosePin(): boolean {
    return this.send({ type: "choosePin" });
  }

  /** Patient: types a PIN on the reader's pad (used for one VERIFY, then dropped). */
  enterPin(pin: string): boolean {
    return this.send({ type: "enterPin", pin });
  }

  /** The simulated camera: similarity (0–1) between the patient and the card-face photo. */
  faceCameraScore(score: number): boolean {
    return this.send({ type: "faceCameraScore", score });
  }

  /** Staff: confirm the patient against the card by eye (does not touch the PIN counters). */
  staffVisualCheck(): boolean {
    return this.send({ type: "staffVisualCheck" });
  }

  /** Patient: answers the consent screen shown (yes/no, or `electronic`/`paper` for the prescription). */
  consent(answer: ConsentAnswer): boolean {
    return this.send({ type: "consent", answer });
  }

  /** Patient: OK on an alert, error or guidance screen. */
  acknowledge(): boolean {
    return this.send({ type: "acknowledge" });
  }

  /** Patient: tries the hold again (after the iPhone biometric guidance). */
  retry(): boolean {
    return this.send({ type: "retry" });
  }

  /** Patient: 戻る / 中止. */
  cancel(): boolean {
    return this.send({ type: "cancel" });
  }

  /** Power cycle: the reader starts again on the top screen and takes up the terminal's current phone set-up. */
  restart(): void {
    if (this.closed) return;
    this.readerRestart = this.settings.stamp();
    this.leaveState();
    this.endSession();
    this.freshPlacementOnly = false;
    this.enter("standby");
  }

  /**
   * Resolves with the state once the machine is in one of `states` (at once if it already is); rejects after
   * `timeoutMs` of real time (default 5000) naming the state it is in.
   */
  waitForState(states: ScreenStateId | readonly ScreenStateId[], options: { timeoutMs?: number } = {}): Promise<ScreenStateId> {
    const wanted = typeof states === "string" ? [states] : states;
    if (wanted.includes(this.stateId)) return Promise.resolve(this.stateId);
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const onScreen = (view: ScreenView): void => {
        if (!wanted.includes(view.state)) return;
        clearTimeout(timer);
        this.off("screen", onScreen);
        resolve(view.state);
      };
      const timer = setTimeout(() => {
        this.off("screen", onScreen);
        const tail = this.steps.slice(-5).map((s) => `${s.from} --${s.event}--> ${s.to}`).join("; ");
        reject(new Error(`${this.readerId}: not in ${wanted.join("|")} within ${timeoutMs} ms; in ${this.stateId} (last steps: ${tail})${this.problem ? ` (${this.problem.detail})` : ""}`));
      }, timeoutMs);
      this.on("screen", onScreen);
    });
  }

  /** Stops every watcher and timer and releases the device link. */
  close(): void {
    if (this.closed) return;
    this.leaveState();
    this.endSession();
    this.closed = true;
  }

  // ---- the interpreter ----

  private dispatch(event: ReaderEvent): boolean {
    for (const x of SCREEN_MACHINE.transitions) {
      if (x.from !== this.stateId || x.event !== event.type) continue;
      if (x.guard !== undefined && !this.guards[x.guard](event)) continue;
      for (const action of x.actions ?? []) this.actions[action](event);
      if ("link" in event) this.adoptLink(event.link);
      this.steps.push({ at: this.clock.now(), from: this.stateId, event: event.type, ...(x.guard ? { guard: x.guard } : {}), to: x.to });
      this.leaveState();
      this.enter(x.to);
      return true;
    }
    if ("link" in event) void event.link.close().catch(() => undefined);
    return false;
  }

  private leaveState(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private enter(id: ScreenStateId): void {
    const state = screenState(id);
    if (id === "standby") this.endSession();
    // A typed PIN lives only until the VERIFY that uses it: any other way out of the PIN path drops it.
    if (!PIN_PATH.has(id)) this.session.pin = undefined;
    this.stateId = id;
    const generation = this.generation;
    if (state.timeout !== undefined) {
      this.cancelTimer = this.clock.setTimer(() => this.raise(generation, { type: "timeout" }), this.profile.timeouts[state.timeout]);
    }
    if (state.activity !== undefined) {
      const signal = this.abort.signal;
      this.activities[state.activity](generation, signal).catch((error: unknown) => this.raise(generation, { type: "systemFailed" }, describeReadError(error)));
    }
    this.emit("screen", this.screen());
  }

  /** An event from the reader's own work, dropped when its state has been left meanwhile. */
  private raise(generation: number, event: ReaderEvent, detail?: string): void {
    if (generation !== this.generation || this.closed) {
      if ("link" in event) void event.link.close().catch(() => undefined);
      return;
    }
    if (detail !== undefined) this.problem = { state: this.stateId, event: event.type, detail };
    this.send(event);
  }

  private adoptLink(link: Transceiver): void {
    const previous = this.session.link;
    if (previous !== undefined) void previous.close().catch(() => undefined);
    this.session.link = this.trace ? new TracingTransceiver(link, this.trace) : link;
  }

  private endSession(): void {
    const link = this.session.link;
    if (link !== undefined) {
      void link.close().catch(() => undefined);
      this.freshPlacementOnly = true;
    }
    this.session = { faceFailures: 0, consents: {} };
  }

  private newSession(kind?: DeviceKind): void {
    this.endSession();
    this.problem = undefined;
    this.session = kind === undefined ? { faceFailures: 0, consents: {} } : { kind, faceFailures: 0, consents: {} };
  }

  private readonly guards: Record<ScreenGuardName, (event: ReaderEvent) => boolean> = {
    phoneButtonShown: () => this.phoneButtonShown(),
    readsPhonesItself: () => this.profile.readsPhonesItself,
    needsGeneralPurposeReader: () => !this.profile.readsPhonesItself,
    paperCardFallback: () => this.profile.noChip === "paper-card",
    certificateInAlertWindow: () => this.session.expiry?.status === "expiring" || this.session.expiry?.status === "in-grace",
    cardSession: () => this.session.kind === "card",
    faceAvailable: () => this.session.faceFailures < this.profile.faceLockAfterFailures,
    faceMatched: (e) => e.type === "faceCameraScore" && Number.isFinite(e.score) && e.score >= this.profile.faceMatchThreshold,
    faceLockReached: () => this.session.faceFailures + 1 >= this.profile.faceLockAfterFailures,
    osIsIphone: (e) => e.type === "chooseOs" && e.os === "iphone",
    osIsAndroid: (e) => e.type === "chooseOs" && e.os === "android",
    pinWellFormed: (e) => e.type === "enterPin" && /^[0-9]{4}$/.test(e.pin),
    yesNoAnswer: (e) => e.type === "consent" && typeof e.answer === "boolean",
    prescriptionAnswer: (e) => e.type === "consent" && (e.answer === "electronic" || e.answer === "paper"),
  };

  private readonly actions: Record<ScreenActionName, (event: ReaderEvent) => void> = {
    startCardSession: () => this.newSession("card"),
    startPhoneSession: () => this.newSession(),
    rememberOs: (e) => {
      if (e.type !== "chooseOs") return;
      this.session.os = e.os;
      this.session.kind = e.os;
    },
    holdPinForUse: (e) => {
      if (e.type === "enterPin") this.session.pin = e.pin;
    },
    useFace: () => {
      this.session.method = "face";
    },
    usePin: () => {
      this.session.method = "pin";
    },
    useVisualCheck: () => {
      this.session.method = "visual";
    },
    countFaceFailure: () => {
      this.session.faceFailures++;
    },
    recordConsent: (e) => {
      const key = CONSENT_SCREENS[this.stateId];
      if (e.type !== "consent" || key === undefined) return;
      if (key === "prescription") {
        if (e.answer === "electronic" || e.answer === "paper") this.session.consents.prescription = e.answer;
      } else if (typeof e.answer === "boolean") this.session.consents[key] = e.answer;
    },
    finishResult: () => {
      const { proof, expiry, consents } = this.session;
      if (proof === undefined || expiry === undefined) return;
      const complete: ConsentAnswers = {
        drug: consents.drug ?? false,
        healthCheck: consents.healthCheck ?? false,
        clinical: consents.clinical ?? false,
        surgery: consents.surgery ?? false,
        costCap: consents.costCap ?? false,
        prescription: consents.prescription ?? "paper",
      };
      this.lastResult = { readerId: this.readerId, proof, consents: complete, expiry, completedAt: this.clock.now() };
      this.emit("result", this.lastResult);
    },
  };

  // ---- activities: the reader's own work while a screen is shown ----

  private readonly activities: Record<ScreenActivityName, (generation: number, signal: AbortSignal) => Promise<void>> = {
    watchStandby: async (generation, signal) => {
      const fresh = this.freshPlacementOnly;
      const gp = this.settings.generalPurposeReader;
      const watchers = [this.watch(this.cardSlot, "cardSlotDevice", generation, signal, fresh)];
      if (!this.profile.readsPhonesItself && gp !== undefined) watchers.push(this.watch(gp, "generalPurposeDevice", generation, signal, fresh));
      await Promise.all(watchers);
    },
    watchCardSlot: (generation, signal) => this.watch(this.cardSlot, "cardSlotDevice", generation, signal, this.freshPlacementOnly),
    watchPhoneReaders: async (generation, signal) => {
      if (this.profile.readsPhonesItself) {
        await this.watch(this.cardSlot, "cardSlotDevice", generation, signal, false);
        return;
      }
      const gp = this.settings.generalPurposeReader;
      const watchers = [this.watch(this.cardSlot, "cardSlotDevice", generation, signal, true)];
      if (gp !== undefined) watchers.push(this.watch(gp, "generalPurposeDevice", generation, signal, false));
      await Promise.all(watchers);
    },
    probeCard: async (generation) => {
      const link = this.requireLink();
      const outcome = await probeCard(link, { at: new Date(this.clock.now()), alertMonths: this.profile.expiryAlertMonths, graceMonths: this.profile.cardGraceMonths });
      if (generation !== this.generation) return;
      switch (outcome.kind) {
        case "card":
          this.session.kind = "card";
          this.session.certificate = outcome.certificate;
          this.session.expiry = outcome.expiry;
          this.raise(generation, { type: "readOk" });
          return;
        case "certificate-expired":
          this.session.certificate = outcome.certificate;
          this.session.expiry = outcome.expiry;
          this.raise(generation, { type: "certificateExpired" }, `certificate expired ${outcome.expiry.notAfter.toISOString()}, beyond the card's grace`);
          return;
        case "phone":
          this.raise(generation, { type: "phoneDetected" }, "a phone (JPKI token without the card-face AP) on the card slot");
          return;
        case "no-chip":
          this.raise(generation, { type: "noChip" }, outcome.detail);
          return;
        case "not-my-number-card":
          this.raise(generation, { type: "notMyNumberCard" }, `SELECT JPKI answered ${outcome.statusWord.toString(16).toUpperCase()}`);
          return;
        case "read-failed":
          this.raise(generation, { type: "readFailed" }, outcome.detail);
      }
    },
    readFacePhoto: async (generation) => {
      const link = this.requireLink();
      const certificate = this.session.certificate;
      const number = certificate === undefined ? undefined : await this.cardFaceScanner({ certificate });
      if (number === undefined) {
        this.raise(generation, { type: "photoUnavailable" }, "照合番号B could not be read off the card face");
        return;
      }
      const outcome = await readFacePhoto(link, number);
      if (outcome.kind === "photo") {
        this.session.photo = outcome.photo;
        this.raise(generation, { type: "photoRead" });
      } else this.raise(generation, { type: outcome.kind === "refused" ? "photoUnavailable" : "readFailed" }, outcome.detail);
    },
    verifyCardPinAndSign: async (generation) => {
      const link = this.requireLink();
      const pin = this.session.pin ?? "";
      this.session.pin = undefined;
      const challenge = await this.challengeSource();
      const outcome = await verifyPinAndSign(link, pin, challenge.challenge);
      if (generation !== this.generation) return;
      switch (outcome.kind) {
        case "signed":
          this.session.pinTriesLeft = undefined;
          this.session.proof = { ...this.proofBase("pin", challenge), deviceSignature: outcome.signature };
          this.raise(generation, { type: "signed" });
          return;
        case "pin-wrong":
          this.session.pinTriesLeft = outcome.triesLeft;
          this.raise(generation, { type: "pinWrong" }, `PIN refused, ${outcome.triesLeft} tries left`);
          return;
        case "pin-blocked":
          this.raise(generation, { type: "pinBlocked" }, "auth PIN blocked");
          return;
        case "read-failed":
          this.raise(generation, { type: "readFailed" }, outcome.detail);
      }
    },
    attestCheck: async (generation) => {
      const challenge = await this.challengeSource();
      const { privateKey } = await this.keyStore.keyPair(this.readerId);
      const method = this.session.method === "face" ? "face" : "visual";
      const base = this.proofBase(method, challenge);
      this.session.proof = { ...base, readerAttestation: { readerId: this.readerId, signature: signReaderAttestation(privateKey, challenge.challenge, base.certificate) } };
      this.raise(generation, { type: "signed" });
    },
    readPhone: async (generation) => {
      const link = this.requireLink();
      const os = this.session.os ?? "iphone";
      const pin = this.session.pin;
      this.session.pin = undefined;
      const outcome = await readPhone(link, { os, ...(pin !== undefined ? { pin } : {}), challenge: this.challengeSource, at: new Date(this.clock.now()), alertMonths: this.profile.expiryAlertMonths });
      if (generation !== this.generation) return;
      switch (outcome.kind) {
        case "read":
          this.session.kind = os;
          this.session.certificate = outcome.certificate;
          this.session.expiry = outcome.expiry;
          this.session.pinTriesLeft = undefined;
          this.session.proof = {
            deviceKind: os,
            method: os === "iphone" ? "biometric" : "pin",
            certificate: outcome.certificate,
            challengeId: outcome.challenge.challengeId,
            challenge: outcome.challenge.challenge,
            deviceSignature: outcome.signature,
          };
          this.raise(generation, { type: "readOk" });
          return;
        case "certificate-expired":
          this.session.expiry = outcome.expiry;
          this.raise(generation, { type: "certificateExpired" }, `phone certificate expired ${outcome.expiry.notAfter.toISOString()} (phones have no grace)`);
          return;
        case "pin-wrong":
          this.session.pinTriesLeft = outcome.triesLeft;
          this.raise(generation, { type: "pinWrong" }, `PIN refused by the phone, ${outcome.triesLeft} tries left`);
          return;
        case "pin-blocked":
          this.raise(generation, { type: "pinBlocked" }, "the phone's auth PIN is blocked");
          return;
        case "biometric-missing":
          this.raise(generation, { type: "biometricMissing" }, outcome.detail);
          return;
        case "no-chip":
          this.raise(generation, { type: "noChip" }, outcome.detail);
          return;
        case "not-my-number-card":
          this.raise(generation, { type: "notMyNumberCard" }, `SELECT JPKI answered ${outcome.statusWord.toString(16).toUpperCase()}`);
          return;
        case "not-a-phone":
          this.raise(generation, { type: "readFailed" }, "a card, not a phone, was held for the phone read");
          return;
        case "read-failed":
          this.raise(generation, { type: "readFailed" }, outcome.detail);
          return;
        case "system-failed":
          this.raise(generation, { type: "systemFailed" }, outcome.detail);
      }
    },
  };

  private proofBase(method: IdentityMethod, challenge: { challengeId: string; challenge: Uint8Array }): IdentityProof {
    const certificate = this.session.certificate;
    if (certificate === undefined) throw new Error("no certificate read in this session");
    return { deviceKind: this.session.kind ?? "card", method, certificate, challengeId: challenge.challengeId, challenge: challenge.challenge };
  }

  private requireLink(): Transceiver {
    const link = this.session.link;
    if (link === undefined) throw new Error(`${this.stateId}: no device link`);
    return link;
  }

  /**
   * Waits for a device on `port` and raises `type` with its link, until the state is left. With `fresh`, a device
   * already present must first be taken away (the same card lying in the slot is not read twice).
   */
  private async watch(port: ReaderPort, type: "cardSlotDevice" | "generalPurposeDevice", generation: number, signal: AbortSignal, fresh: boolean): Promise<void> {
    if (fresh) {
      const placed = presentationsOf(port);
      while (port.isPresent() && !signal.aborted && (placed === undefined || presentationsOf(port) === placed)) await pause(REMOVAL_POLL_MS, signal);
    }
    while (!signal.aborted) {
      let link: Transceiver | null;
      try {
        link = await port.waitForDevice({ timeoutMs: PORT_WAIT_MS, signal });
      } catch (error) {
        if (signal.aborted) return; // some ports reject a wait when it is aborted
        this.problem = { state: this.stateId, event: type, detail: `${port.name}: ${describeReadError(error)}` };
        await pause(REMOVAL_POLL_MS * 10, signal);
        continue;
      }
      if (link === null) continue;
      this.raise(generation, { type, link });
      return;
    }
  }
}

/**
 * The port's count of devices brought into its field, when it keeps one (`WsReaderPort.presentations`): a device
 * taken away and placed again between two looks at `isPresent()` is then still a new placement.
 */
function presentationsOf(port: ReaderPort): number | undefined {
  const count = (port as Partial<{ presentations: unknown }>).presentations;
  return typeof count === "number" ? count : undefined;
}

/** Resolves after `ms` of real time, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
