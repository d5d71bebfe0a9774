import { ResponseApdu, StatusWord } from "../../apdu/index.ts";
import { type ApduDevice, type ContactlessIdentity } from "../../apdu/index.ts";
import type { FieldActivation } from "./_internals/field-activation.ts";
import type { GeneralPurposeReader } from "./general-purpose-reader.ts";

const EMPTY = new Uint8Array(0);

/**
 * The device side of a {@link GeneralPurposeReader}'s field, for carriers that serve it elsewhere (a vpcd slot): an
 * {@link ApduDevice} that stands for whichever device the reader has activated ({@link target}), with the reader's
 * contactless ATR instead of the device's own, and the reader's limits (commands it would not carry answer `6700`
 * and never reach the device; a device slower than the reader's time-out is dropped as a lost tag).
 * With no target it answers `6F00` and reports an empty ATR (vpcd then treats the slot as empty).
 */
export class FieldDevice implements ApduDevice {
  /** The activation served now; set by the carrier when it inserts, cleared when the device leaves. */
  target: FieldActivation | undefined;
  private readonly reader: GeneralPurposeReader;

  constructor(reader: GeneralPurposeReader) {
    this.reader = reader;
  }

  get description(): string {
    return `${this.reader.name}:${this.target?.device.description ?? "empty field"}`;
  }

  /** The contactless ATR the reader synthesised for the target. */
  get atr(): Uint8Array {
    return this.target?.atr ?? EMPTY;
  }

  get contactless(): ContactlessIdentity | undefined {
    return this.target?.identity;
  }

  powerOn(): void {
    this.live()?.device.powerOn();
  }

  powerOff(): void {
    this.live()?.device.powerOff();
  }

  reset(): void {
    this.live()?.device.reset();
  }

  process(command: Uint8Array): Uint8Array {
    const target = this.live();
    if (!target) return ResponseApdu.statusBytes(StatusWord.UNKNOWN);
    return this.reader.exchangeNow(target, command);
  }

  private live(): FieldActivation | undefined {
    const target = this.target;
    return target && !target.ended ? target : undefined;
  }
}
