import { type CounterConfig, readsPhonesItself } from "./counter-config.ts";
import { CONSENT_ORDER, endsTheHold, type ModelScreen, offersAcknowledge, offersCancel } from "./model-screens.ts";
import { afterTimeout, timeoutOf } from "./model-timeouts.ts";
import type { ServiceMode } from "./switchable-service.ts";

/** What a patient can hold: their card, their phone, another IC card, a card whose chip does not answer. */
export type HeldItem = "card" | "phone" | "other-ic-card" | "no-chip-card";
/** Where: the general-purpose reader, or the face-auth reader's own card antenna. */
export type HoldPort = "general-purpose" | "card-antenna";
/** How long: it stays, a brief tap (away at once), away at the first READ BINARY, away at the signature. */
export type HoldTiming = "stays" | "brief" | "at-read" | "at-sign";
/** What the patient types: the right 4-digit PIN, a wrong one, or something not 4 digits. */
export type PinKind = "right" | "wrong" | "malformed";

interface Placed {
  readonly item: HeldItem;
  /** Still armed: the moment the patient takes it away (once fired it stays). */
  leave: "stays" | "at-read" | "at-sign";
}

interface Session {
  kind: "card" | "phone" | undefined;
  os: "iphone" | "android" | undefined;
  pin: "right" | "wrong" | undefined;
  /** Where the device being read lies, while it has not left. */
  link: { port: HoldPort; item: HeldItem; alive: boolean } | undefined;
  faceFailures: number;
}

/** A read waiting for a slow service's challenge, tied to the screen visit that asked. */
interface WaitingChallenge {
  readonly visit: number;
  readonly then: () => void;
}

/** PIN tries of the card's user-authentication PIN and the Android phone's (docs/domain/card-apdus.md: 3). */
const PIN_TRIES = 3;
/** Failed face matches that lock face authentication (docs/domain/reader-models.md#face-match-lock). */
const FACE_LOCK = 10;
/** The iPhone's authorisation window after Face ID / Touch ID, ms (modelled; the adapter builds the phone with it). */
export const IPHONE_WINDOW_MS = 20_000;

/**
 * The model of one counter, written from docs/domain only: what the face-auth reader's screen shows next, whether
 * 「スマートフォンを利用する」 is offered, and what the terminal does (result files, usage counted) after each patient,
 * staff or system step. Reads complete at once unless the service is slow. Rules it follows, by page:
 * - docs/domain/counter-flow.md#phone-steps, #phone-button, #identity-check, #consent-screens, #card-flow;
 * - docs/domain/reader-models.md (codes 001/002/006, Canon's own antenna, Almex no-chip, face-match lock, expiry alert);
 * - docs/domain/rules.md#certificate-expiry (card grace, alert window), #usage-rate-credit;
 * - docs/domain/pilot-findings.md (phone held before the button, on the card antenna, iPhone before Face ID);
 * - docs/domain/fallbacks.md#online-check-impossible (service unreachable: error result file, no usage).
 * Where the docs are silent the model says "modelled" and picks the simplest reading.
 */
export class CounterModel {
  readonly config: CounterConfig;
  screen: ModelScreen = "standby";
  /** Answered result files the terminal wrote, error result files, and My Number uses the service counted. */
  answeredFiles = 0;
  errorFiles = 0;
  uses = 0;
  /** Service mode, reads waiting for its challenge, qualifications waiting for its answer. */
  service: ServiceMode = "up";
  private challenges: WaitingChallenge[] = [];
  private waitingFinishes = 0;
  /** Time since the sequence started, and since the current screen was entered (ms). */
  private now = 0;
  private elapsed = 0;
  private visit = 0;
  private seq = 0;
  private setupChange = 0;
  private terminalRestart = 1;
  private readerRestart = 1;
  private gpConnected: boolean;
  /** Whether the screen shown watches the general-purpose reader (it looks at the terminal's set-up when shown). */
  private watchingGp = false;
  /** After a device was read, one left lying must be taken away before it is read again (until a restart; modelled). */
  private freshOnly = false;
  private onSlot: Placed | undefined;
  private onGp: Placed | undefined;
  private session: Session = newSession();
  private cardTries = PIN_TRIES;
  private phoneTries = PIN_TRIES;
  private biometricUntil: number | undefined;

  constructor(config: CounterConfig) {
    this.config = config;
    this.gpConnected = config.generalPurposeReaderSetUp;
    this.seq = 2;
    this.enter("standby");
  }

  /** Whether the top screen offers 「スマートフォンを利用する」 (docs/domain/counter-flow.md#phone-button). */
  get phoneButtonShown(): boolean {
    const inForce = this.terminalRestart > this.setupChange && this.readerRestart > this.setupChange;
    return inForce && (readsPhonesItself(this.config.reader) || this.gpConnected);
  }

  /** Whether a slow service still holds answers back. */
  get serviceWaiting(): boolean {
    return this.challenges.length > 0 || this.waitingFinishes > 0;
  }

  /** Whether the general-purpose reader is plugged in (a phone held over an unplugged one is not seen). */
  get generalPurposeConnected(): boolean {
    return this.gpConnected;
  }

  /** Time left on the current screen's time-out, or undefined on the top screen. */
  get timeLeft(): number | undefined {
    const t = timeoutOf(this.screen);
    return t === undefined ? undefined : t - this.elapsed;
  }

  // ---- patient -----------------------------------------------------------------------------------------------------

  /** 「スマートフォンを利用する」: offered on the top screen and on the premature-tap guidance. */
  pressPhoneButton(): void {
    if ((this.screen === "standby" || this.screen === "guidance-operate-first") && this.phoneButtonShown) {
      this.startSession("phone");
      this.go("os-choice");
    }
  }

  /** The patient chooses the card on the top screen: the reader waits for it on its own slot. */
  pressCardButton(): void {
    if (this.screen !== "standby") return;
    this.startSession("card");
    this.go("card-hold");
  }

  /** OS choice: iPhone goes straight to the hold (Face ID is on the phone); Android asks its PIN on the reader. */
  chooseOs(os: "iphone" | "android"): void {
    if (this.screen !== "os-choice") return;
    this.session.os = os;
    this.session.kind = "phone";
    this.go(os === "iphone" ? "phone-hold" : "android-pin-entry");
  }

  /** A PIN typed on the reader: not 4 digits is refused on the spot; Android keeps it for the hold; the card checks it. */
  enterPin(pin: PinKind): void {
    if (this.screen !== "android-pin-entry" && this.screen !== "card-pin-entry") return;
    if (pin === "malformed") {
      this.go(this.screen);
      return;
    }
    this.session.pin = pin;
    if (this.screen === "android-pin-entry") this.go("phone-hold");
    else {
      this.go("card-pin-verifying");
      this.withChallenge(() => this.verifyCardPin());
    }
  }

  /** Face or PIN on the method choice (face only while not locked for this card). */
  chooseFace(): void {
    if (this.screen !== "method-choice" || this.session.faceFailures >= FACE_LOCK) return;
    this.go("face-photo-reading");
    // The camera reads 照合番号B off the card face first (modelled); only then is the photo read from the card.
    if (!this.config.cardFaceReadable) this.go("face-unavailable");
    else this.go(this.linkAlive() ? "face-match" : "error-001");
  }

  choosePin(): void {
    if (["method-choice", "face-match", "face-unavailable", "face-locked"].includes(this.screen)) this.go("card-pin-entry");
  }

  /** The camera: a match goes to the reader's attestation; the 10th failure locks face authentication. */
  faceCamera(match: boolean, times: number): void {
    for (let i = 0; i < times && this.screen === "face-match"; i++) {
      if (match) {
        this.attest();
      } else {
        this.session.faceFailures++;
        this.go(this.session.faceFailures >= FACE_LOCK ? "face-locked" : "face-match");
      }
    }
  }

  /** The iPhone's Face ID now (opens its window), or long before the hold (the window has closed again). */
  biometric(when: "now" | "late"): void {
    if (this.config.phone !== "iphone") return;
    this.biometricUntil = when === "now" ? this.now + IPHONE_WINDOW_MS : this.now - 1;
  }

  /** Holds `item` over `port`; see {@link HoldTiming}. */
  hold(item: HeldItem, port: HoldPort, timing: HoldTiming): void {
    if (port === "general-purpose" && !this.gpConnected) return; // nothing there to hold it over
    this.takeAway(item);
    this.removeFrom(port);
    const placed: Placed = { item, leave: timing === "brief" ? "stays" : timing };
    this.put(port, placed);
    const watched = this.watches(port);
    if (timing === "brief") this.removeFrom(port);
    if (watched) this.deviceSeen(port, placed, timing === "brief");
  }

  /** Answers the consent screen shown: yes/no on the five items, electronic/paper on the prescription. */
  consent(answer: boolean | "electronic" | "paper"): void {
    const i = CONSENT_ORDER.indexOf(this.screen);
    if (i < 0) return;
    const last = i === CONSENT_ORDER.length - 1;
    if (last !== (typeof answer === "string")) return;
    const next = CONSENT_ORDER[i + 1];
    if (next !== undefined) this.go(next);
    else this.finish();
  }

  acknowledge(): void {
    if (!offersAcknowledge(this.screen)) return;
    if (this.screen === "expiry-alert") this.go(this.session.kind === "card" ? "method-choice" : "consent-drug");
    else this.go("standby");
  }

  cancel(): void {
    if (offersCancel(this.screen)) this.go("standby");
  }

  /** もう一度かざす on the iPhone guidance. */
  retry(): void {
    if (this.screen === "guidance-iphone-biometric") this.go("phone-hold");
  }

  /** Time passes (the patient dawdles): time-outs fire in turn. */
  wait(ms: number): void {
    let remaining = ms;
    for (;;) {
      const t = timeoutOf(this.screen);
      if (t === undefined || this.elapsed + remaining < t) {
        this.elapsed += remaining;
        this.now += remaining;
        return;
      }
      const step = t - this.elapsed;
      this.now += step;
      remaining -= step;
      this.go(afterTimeout(this.screen, this.session.kind === "card" ? "method-choice" : "consent-drug"));
    }
  }

  /** After a step the patient picks their devices up when the screen ends the visit or tells them something. */
  pickUpIfDone(): void {
    if (!endsTheHold(this.screen)) return;
    this.removeFrom("card-antenna");
    this.removeFrom("general-purpose");
  }

  // ---- staff -------------------------------------------------------------------------------------------------------

  /** Staff confirm the patient against the card by eye: offered wherever the card's identity check stalls. */
  staffVisualCheck(): void {
    if (["method-choice", "face-match", "face-unavailable", "face-locked", "pin-locked"].includes(this.screen)) this.attest();
  }

  /** Connect and set up the general-purpose reader: a change, both restarts needed (docs/domain/counter-flow.md#phone-button). */
  setUpGeneralPurposeReader(): void {
    this.gpConnected = true;
    this.setupChange = ++this.seq;
  }

  /** Unplug it: a change too; whatever lay on it falls off. */
  unplugGeneralPurposeReader(): void {
    this.removeFrom("general-purpose");
    this.gpConnected = false;
    this.setupChange = ++this.seq;
  }

  restartTerminal(): void {
    this.terminalRestart = ++this.seq;
  }

  /** Power cycle: back to the top screen, the read in progress dropped. */
  restartReader(): void {
    this.readerRestart = ++this.seq;
    this.endSession();
    this.freshOnly = false;
    this.go("standby");
  }

  // ---- system ------------------------------------------------------------------------------------------------------

  setService(mode: ServiceMode): void {
    this.service = mode;
  }

  /** A slow service's answers all arrive (in any order: none depends on another). */
  serviceAnswers(): void {
    const waiting = this.challenges;
    this.challenges = [];
    for (const w of waiting) if (w.visit === this.visit) w.then();
    for (; this.waitingFinishes > 0; this.waitingFinishes--) this.answered();
  }

  /** The service restarts: calls in flight fail (a read → system error; a qualification → error result file). */
  serviceRestarted(): void {
    const waiting = this.challenges;
    this.challenges = [];
    this.service = "up";
    for (const w of waiting) if (w.visit === this.visit) this.go("error-system");
    for (; this.waitingFinishes > 0; this.waitingFinishes--) this.errorFiles++;
  }

  // ---- the reader's work -------------------------------------------------------------------------------------------

  /** Which ports the screen shown watches. Canon reads phones on its own antenna and needs no general-purpose reader. */
  private watches(port: HoldPort): boolean {
    const canon = readsPhonesItself(this.config.reader);
    if (port === "card-antenna") return this.screen === "standby" || this.screen === "card-hold" || this.screen === "phone-hold";
    return !canon && this.watchingGp && (this.screen === "standby" || this.screen === "phone-hold");
  }

  /** A device arrived on a watched port (or lay there when the screen was shown, and may be read). */
  private deviceSeen(port: HoldPort, placed: Placed, brief: boolean): void {
    const canon = readsPhonesItself(this.config.reader);
    const link = { port, item: placed.item, alive: !brief && this.at(port) === placed };
    if (this.screen === "standby" && port === "general-purpose") {
      // docs/domain/pilot-findings.md#staff-feedback: a phone held before the button → 「先に画面の…を押してください」.
      this.session.link = link;
      this.go("guidance-operate-first");
      return;
    }
    if (this.screen === "standby" || this.screen === "card-hold") {
      if (this.screen === "standby") this.startSession("card");
      this.session.link = link;
      this.go("card-reading");
      this.readCard(placed, brief);
      return;
    }
    // phone-hold
    this.session.link = link;
    if (port === "card-antenna" && !canon) {
      this.go("guidance-phone-on-card-antenna"); // docs/domain/pilot-findings.md#reader-placement
      return;
    }
    this.go("phone-reading");
    this.readPhone(placed, brief);
  }

  /** The first read on the card antenna (docs/domain/reader-models.md): codes 001/002/006, alert window, phone detection. */
  private readCard(placed: Placed, brief: boolean): void {
    const almex = this.config.reader === "almex-myna-touch";
    const noChip = (): void => this.go(almex ? "paper-card-reading" : "error-001");
    if (brief || placed.item === "no-chip-card") return noChip(); // nothing answered (modelled: gone before the first answer)
    if (placed.item === "other-ic-card") return this.go("error-002");
    if (placed.item === "phone") return this.go(readsPhonesItself(this.config.reader) ? "guidance-operate-first" : "guidance-phone-on-card-antenna");
    if (this.leaves(placed, "at-read")) return this.go("error-001");
    const status = this.config.certificate;
    if (status === "expired") return this.go("error-006");
    this.go(status === "valid" ? "method-choice" : "expiry-alert");
  }

  /**
   * The phone read (docs/domain/counter-flow.md#identity-check): Android's PIN checked by the phone first, the
   * certificate (an iPhone answers only inside its Face ID window; an Android phone keeps it behind the PIN), the
   * service's challenge, the signature. Anything else held there, or a phone gone, is "could not read the phone".
   */
  private readPhone(placed: Placed, brief: boolean): void {
    const failed = (): void => this.go("guidance-phone-read-failed");
    if (brief || placed.item !== "phone") return failed();
    const phone = this.config.phone;
    const os = this.session.os ?? "iphone";
    if (os === "android") {
      if (phone === "android") {
        if (this.phoneTries === 0) return failed();
        if (this.session.pin !== "right") {
          this.phoneTries--;
          this.session.pin = undefined;
          return this.phoneTries === 0 ? failed() : this.go("android-pin-entry");
        }
        this.phoneTries = PIN_TRIES;
      } else return failed(); // modelled: an iPhone refuses the reader's VERIFY
    }
    this.session.pin = undefined;
    if (this.leaves(placed, "at-read")) return failed();
    if (phone === "android" && os === "iphone") return this.go("guidance-iphone-biometric"); // certificate behind the PIN: refused like an iPhone without Face ID
    if (phone === "iphone" && !this.windowOpen()) return this.go(os === "iphone" ? "guidance-iphone-biometric" : "guidance-phone-read-failed");
    this.withChallenge(() => {
      if (!this.linkAlive() || this.leaves(placed, "at-sign")) return failed();
      if (phone === "iphone") {
        if (!this.windowOpen()) return this.go("guidance-iphone-biometric");
        this.biometricUntil = undefined; // the last-command indicator closes the window
      }
      this.go("consent-drug");
    });
  }

  /** VERIFY the card's PIN and sign (docs/domain/counter-flow.md#card-flow); 3 wrong tries lock it. */
  private verifyCardPin(): void {
    const placed = this.session.link?.port === "card-antenna" ? this.onSlot : undefined;
    if (!this.linkAlive() || placed === undefined) return this.go("error-001");
    if (this.cardTries === 0) return this.go("pin-locked");
    if (this.session.pin !== "right") {
      this.cardTries--;
      return this.go(this.cardTries === 0 ? "pin-locked" : "card-pin-entry");
    }
    this.cardTries = PIN_TRIES;
    if (this.leaves(placed, "at-sign")) return this.go("error-001");
    this.go("consent-drug");
  }

  /** The reader attests a face match or staff's visual check with its own key over the service's challenge. */
  private attest(): void {
    this.go("card-attesting");
    this.withChallenge(() => this.go("consent-drug"));
  }

  /** Asks the service for a challenge: up → go on; 5xx or down → system error; slow → wait on the screen. */
  private withChallenge(then: () => void): void {
    if (this.service === "up") then();
    else if (this.service === "slow") this.challenges.push({ visit: this.visit, then });
    else this.go("error-system");
  }

  /** The last consent: the reader hands the read to the terminal, which asks the service and writes the result file. */
  private finish(): void {
    this.go("result");
    if (this.service === "up") this.answered();
    else if (this.service === "slow") this.waitingFinishes++;
    else this.errorFiles++; // docs/domain/fallbacks.md#online-check-impossible: no answer, no usage credit
  }

  /** docs/domain/rules.md#usage-rate-credit: an answered qualification counts as a My Number use. */
  private answered(): void {
    this.answeredFiles++;
    this.uses++;
  }

  private windowOpen(): boolean {
    return this.biometricUntil !== undefined && this.now < this.biometricUntil;
  }

  /** Whether the patient takes `placed` away at `moment` (it then leaves the port, and the read fails). */
  private leaves(placed: Placed, moment: "at-read" | "at-sign"): boolean {
    if (placed.leave !== moment) return false;
    placed.leave = "stays";
    for (const port of ["card-antenna", "general-purpose"] as const) if (this.at(port) === placed) this.removeFrom(port);
    return true;
  }

  private linkAlive(): boolean {
    return this.session.link?.alive === true;
  }

  /** Whether something lies on `port` now. */
  occupied(port: HoldPort): boolean {
    return this.at(port) !== undefined;
  }

  private at(port: HoldPort): Placed | undefined {
    return port === "card-antenna" ? this.onSlot : this.onGp;
  }

  private put(port: HoldPort, placed: Placed): void {
    if (port === "card-antenna") this.onSlot = placed;
    else this.onGp = placed;
  }

  private removeFrom(port: HoldPort): void {
    if (this.at(port) === undefined) return;
    if (port === "card-antenna") this.onSlot = undefined;
    else this.onGp = undefined;
    if (this.session.link?.port === port) this.session.link.alive = false;
  }

  private takeAway(item: HeldItem): void {
    if (this.onSlot?.item === item) this.removeFrom("card-antenna");
    if (this.onGp?.item === item) this.removeFrom("general-purpose");
  }

  private startSession(kind: "card" | "phone"): void {
    this.endSession();
    this.session = newSession();
    if (kind === "card") this.session.kind = "card";
  }

  private endSession(): void {
    if (this.session.link !== undefined) this.freshOnly = true;
    this.session = newSession();
  }

  /** Shows `screen` (again, for the same screen: its time-out starts over). */
  private go(screen: ModelScreen): void {
    this.enter(screen);
  }

  private enter(screen: ModelScreen): void {
    if (screen === "standby") this.endSession();
    this.screen = screen;
    this.elapsed = 0;
    this.visit++;
    if (screen === "standby" || screen === "phone-hold") this.watchingGp = this.gpConnected;
    this.readLyingDevice();
  }

  /** A device already lying on a watched port when the screen is shown (modelled: see `freshOnly`). */
  private readLyingDevice(): void {
    const canon = readsPhonesItself(this.config.reader);
    const slot = this.onSlot;
    const gp = this.onGp;
    if (this.screen === "standby" || this.screen === "card-hold") {
      if (this.freshOnly) return;
      if (slot !== undefined) this.deviceSeen("card-antenna", slot, false);
      else if (this.screen === "standby" && gp !== undefined && this.watches("general-purpose")) this.deviceSeen("general-purpose", gp, false);
    } else if (this.screen === "phone-hold") {
      if (canon && slot !== undefined) this.deviceSeen("card-antenna", slot, false);
      else if (!canon && gp !== undefined && this.watches("general-purpose")) this.deviceSeen("general-purpose", gp, false);
    }
  }
}

function newSession(): Session {
  return { kind: undefined, os: undefined, pin: undefined, link: undefined, faceFailures: 0 };
}
