import { EventEmitter } from "node:events";
import type { KeyObject } from "node:crypto";
import { KeyStore } from "../../pki/key-store.ts";
import type { DeviceKind } from "../../contract/identity-proof.ts";
import { type ApduTrace, TracingTransceiver } from "../../trace/index.ts";
import type { Transceiver } from "../../apdu/index.ts";
import type { ReaderPort } from "../reader-port.ts";
import { type CardFaceScanner, unreadableCardFace } from "./card-face-scanner.ts";
import { type ChallengeSource, localChallengeSource } from "./challenge-source.ts";
import type { ConsentAnswer } from "./consent-answers.ts";
import { deviceActivities } from "./device-activities.ts";
import type { FaceAuthResult } from "./face-auth-result.ts";
import type { PhoneOs } from "./phone-read.ts";
import { portWatchers } from "./port-watchers.ts";
import type { ReadProblem } from "./read-problem.ts";
import { type ReaderActivity, startActivity } from "./reader-activity.ts";
import { type ReaderClock, systemClock } from "./reader-clock.ts";
import type { ReaderEvent } from "./reader-event.ts";
import type { ReaderProfile } from "./reader-profile.ts";
import { newReaderSession, type ReaderSession } from "./reader-session.ts";
import { type FinishedRead, screenBindings } from "./screen-bindings.ts";
import { ScreenInterpreter, type ScreenStep } from "./screen-interpreter.ts";
import type { ScreenActivityName, ScreenStateId } from "./screen-machine.ts";
import { type ScreenView, screenView } from "./screen-view.ts";
import { type SettingsStamp, TerminalSettings } from "./terminal-settings.ts";
import { type RuleSwitchboard, rulesOrDefault } from "../../rules/index.ts";

export type { FaceAuthResult } from "./face-auth-result.ts";
export type { ReadProblem } from "./read-problem.ts";
export type { ScreenStep } from "./screen-interpreter.ts";
export type { ScreenView } from "./screen-view.ts";

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
  /** Rule switchboard (sim/rules; default every rule on): phone button, listed reader, premature-tap guidance, phone grace. */
  rules?: RuleSwitchboard;
}

/** Events of a {@link FaceAuthReader}. */
export interface FaceAuthReaderEvents {
  screen: [view: ScreenView];
  result: [result: FaceAuthResult];
}

/** States between typing a PIN and the VERIFY that uses it. */
const PIN_PATH: ReadonlySet<ScreenStateId> = new Set(["phone-hold", "phone-reading", "card-pin-verifying"]);

/**
 * A face-auth card reader (顔認証付きカードリーダー) of a given {@link ReaderProfile}, running the shared
 * `SCREEN_MACHINE`. It reads devices only through {@link ReaderPort}s — its own card slot/antenna and the
 * terminal's general-purpose reader (Canon: its own antenna for phones too) — in real APDUs, and hands an
 * `IdentityProof` plus the consents to the terminal ({@link FaceAuthResult}).
 *
 * Patients and staff drive it with the event methods (`chooseCard`, `choosePhone`, `chooseOs`, `enterPin`,
 * `faceCameraScore`, `staffVisualCheck`, `consent`…); devices by appearing on the ports; time by the injected clock.
 * A device must leave the slot before it is read again from the top screen. `restart()` is a power cycle.
 *
 * The reader is a composition: a {@link ScreenInterpreter} runs the machine with the guards and actions of
 * `screenBindings`, the port watchers (`portWatchers`) and the device work (`deviceActivities`), whose results reach the
 * session only through `startActivity`'s guarded path; `screenView` draws the screen. The reader holds the session.
 */
export class FaceAuthReader extends EventEmitter<FaceAuthReaderEvents> {
  /** The model this reader is. */
  readonly profile: ReaderProfile;
  /** The terminal's phone set-up this reader follows. */
  readonly settings: TerminalSettings;
  /** `reader:<model id>:<serial>`: the reader's ID in attestations and its key slot. */
  readonly readerId: string;
  private readonly keyStore: KeyStore;
  private readonly clock: ReaderClock;
  private readonly trace: ApduTrace | undefined;
  private readonly machine: ScreenInterpreter;
  private readonly activities: Record<ScreenActivityName, ReaderActivity>;
  private session: ReaderSession = newReaderSession();
  private readerRestart: SettingsStamp;
  private freshPlacementOnly = false;
  private lastResult: FaceAuthResult | undefined;
  private problem: ReadProblem | undefined;
  private readonly rules: RuleSwitchboard;

  constructor(options: FaceAuthReaderOptions) {
    super();
    const profile = options.profile;
    this.profile = profile;
    this.clock = options.clock ?? systemClock;
    this.settings = options.settings ?? new TerminalSettings({ clock: this.clock });
    this.readerId = `reader:${profile.id}:${options.serial ?? "0001"}`;
    this.keyStore = options.keyStore ?? KeyStore.shared();
    this.trace = options.trace;
    this.rules = rulesOrDefault(options.rules);
    this.readerRestart = this.settings.stamp();
    this.activities = {
      ...portWatchers({ profile, cardSlot: options.cardSlot, settings: this.settings, freshPlacementOnly: () => this.freshPlacementOnly }),
      ...deviceActivities({
        profile,
        readerId: this.readerId,
        clock: this.clock,
        keyStore: this.keyStore,
        challengeSource: options.challengeSource ?? localChallengeSource,
        cardFaceScanner: options.cardFaceScanner ?? unreadableCardFace,
        rules: this.rules,
      }),
    };
    const bindings = screenBindings({
      profile,
      session: () => this.session,
      state: () => this.machine.state,
      phoneButtonShown: () => this.phoneButtonShown(),
      newSession: (kind) => this.newSession(kind),
      finish: (read) => this.finish(read),
      rules: this.rules,
    });
    this.machine = new ScreenInterpreter(this.clock, {
      bindings,
      timeoutMs: (name) => profile.timeouts[name],
      taken: (event) => {
        if ("link" in event) this.adoptLink(event.link);
      },
      ignored: (event) => {
        if ("link" in event) void event.link.close().catch(() => undefined);
      },
      entering: (state) => {
        if (state === "standby") this.endSession();
        // A typed PIN lives only until the VERIFY that uses it: any other way out of the PIN path drops it.
        if (!PIN_PATH.has(state)) this.session.pin = undefined;
      },
      startActivity: (name, visit) => startActivity(this.activities[name], visit, this.session, { setProblem: (problem) => (this.problem = problem), send: (event) => this.machine.send(event) }),
      entered: () => this.emit("screen", this.screen()),
    });
    this.machine.enter("standby");
  }

  /** The current screen state. */
  get state(): ScreenStateId {
    return this.machine.state;
  }

  /** The steps taken so far, oldest first. */
  get history(): readonly ScreenStep[] {
    return this.machine.history;
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
    // Rule hooks (sim/rules): a general-purpose reader is needed (docs/domain/counter-flow.md#phone-button), and it must be a
    // listed model (docs/domain/rules.md#general-purpose-reader; the lists are modelled: ReaderProfile.listedGeneralPurposeReaders).
    const gp = this.settings.generalPurposeReader;
    const needsGp = this.rules.isOn("phone-button-needs-general-purpose-reader");
    const listedOnly = this.rules.isOn("listed-general-purpose-reader-only");
    const gpAccepted = gp !== undefined && (!listedOnly || isListedReader(gp, this.profile.listedGeneralPurposeReaders));
    return this.settings.phoneSetupInForce(this.readerRestart) && (this.profile.readsPhonesItself || gpAccepted || !needsGp);
  }

  /** What the screen shows now. */
  screen(): ScreenView {
    return screenView(this.machine.state, { profile: this.profile, session: this.session, phoneButtonShown: () => this.phoneButtonShown() });
  }

  /**
   * Feeds one event to the machine; returns whether a transition took it (events a state does not expect are ignored,
   * as a real screen ignores a press outside its buttons). Events raised while one is handled are queued.
   */
  send(event: ReaderEvent): boolean {
    return this.machine.send(event);
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
    if (this.machine.isClosed) return;
    this.readerRestart = this.settings.stamp();
    this.machine.leave();
    this.endSession();
    this.freshPlacementOnly = false;
    this.machine.enter("standby");
  }

  /**
   * Resolves with the state once the machine is in one of `states` (at once if it already is); rejects after
   * `timeoutMs` of real time (default 5000) naming the state it is in.
   */
  waitForState(states: ScreenStateId | readonly ScreenStateId[], options: { timeoutMs?: number } = {}): Promise<ScreenStateId> {
    const wanted = typeof states === "string" ? [states] : states;
    if (wanted.includes(this.state)) return Promise.resolve(this.state);
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
        const tail = this.history.slice(-5).map((s) => `${s.from} --${s.event}--> ${s.to}`).join("; ");
        reject(new Error(`${this.readerId}: not in ${wanted.join("|")} within ${timeoutMs} ms; in ${this.state} (last steps: ${tail})${this.problem ? ` (${this.problem.detail})` : ""}`));
      }, timeoutMs);
      this.on("screen", onScreen);
    });
  }

  /** Stops every watcher and timer and releases the device link. */
  close(): void {
    if (this.machine.isClosed) return;
    this.machine.close();
    this.endSession();
  }

  /** Hands a finished read to the terminal. */
  private finish(read: FinishedRead): void {
    this.lastResult = { readerId: this.readerId, proof: read.proof, consents: read.consents, expiry: read.expiry, completedAt: this.clock.now() };
    this.emit("result", this.lastResult);
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
    this.session = newReaderSession();
  }

  private newSession(kind?: DeviceKind): void {
    this.endSession();
    this.problem = undefined;
    this.session = newReaderSession(kind);
  }
}

/**
 * Whether a connected general-purpose reader is one of the listed models: its recorded model, or failing that its port
 * name, starts with a listed product name (PC/SC names add a slot suffix such as ` 00 00`). Case is ignored.
 */
function isListedReader(port: ReaderPort, listed: readonly string[]): boolean {
  const product = (port.model ?? port.name).toLowerCase();
  return listed.some((name) => product === name.toLowerCase() || product.startsWith(`${name.toLowerCase()} `));
}
