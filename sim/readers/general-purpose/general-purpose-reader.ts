import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { ResponseApdu, StatusWord } from "../../apdu/index.ts";
import { type ApduDevice, TransportError, type Transceiver, ContactlessAtr } from "../../apdu/index.ts";
import type { ReaderPort } from "../reader-port.ts";
import { contactlessLinkFailure } from "./_internals/contactless-link.ts";
import { FieldActivation, type FieldExitReason } from "./_internals/field-activation.ts";
import { fieldAware } from "./_internals/field-aware.ts";
import { type FieldCoupling, fieldCoupling } from "./_internals/field-coupling.ts";
import { FieldTransceiver } from "./field-transceiver.ts";
import type { HoldPlacement } from "./hold-placement.ts";
import { type ProcessingTime, processingTime } from "./processing-time.ts";
import { ReaderLimits } from "./reader-limits.ts";
import type { UsbReaderProfile } from "./usb-reader-profile.ts";
import { UsbReaderProfiles } from "./usb-reader-profiles.ts";

export type { FieldExitReason } from "./_internals/field-activation.ts";

/** Events of a {@link GeneralPurposeReader}. */
export interface GeneralPurposeReaderEvents {
  /** A device entered the field and was activated; `atr` is the contactless ATR the reader reports for it. */
  present: [device: ApduDevice, atr: Uint8Array];
  /** The device left the field (`removed`) or the reader gave it up (`tag-lost`); it is powered off either way. */
  removed: [device: ApduDevice, reason: FieldExitReason];
}

/** Options of {@link GeneralPurposeReader.hold}. */
export interface HoldOptions {
  /** How long the device stays in the field once there, in ms (default, or beyond ~24.8 days: until {@link GeneralPurposeReader.remove}). */
  holdMs?: number;
  /** Delay before the device reaches the field, in ms (default 0: at once). */
  afterMs?: number;
  /** How long this device takes to answer (default: the reader's). */
  timing?: ProcessingTime;
  /**
   * Where the patient puts the device (default: well placed). A phone placed with another part than its antenna over
   * the reader's never enters the field, or enters it intermittently (see {@link HoldPlacement}; modelled).
   */
  placement?: HoldPlacement;
}

/** A device being held over the reader. */
export interface ReaderHold {
  /** The device held. */
  readonly device: ApduDevice;
  /** Resolves true once the device is activated, false when it is never detected (no contactless interface, or misplaced). */
  readonly entered: Promise<boolean>;
  /** Resolves when the hold ends: `holdMs` passed, {@link GeneralPurposeReader.remove}, or another device was held. */
  readonly left: Promise<void>;
}

/** Options of a {@link GeneralPurposeReader}. */
export interface GeneralPurposeReaderOptions {
  /** How long devices take to answer (default: no delay). Modelled. */
  timing?: ProcessingTime;
  /** After losing a tag the reader polls again and re-activates a device still held after this many ms (default 50; modelled). */
  repollMs?: number;
}

interface HoldState {
  readonly device: ApduDevice;
  readonly timing: ProcessingTime;
  readonly holdMs: number;
  readonly coupling: FieldCoupling;
  readonly timers: Set<NodeJS.Timeout>;
  unsubscribe: (() => void) | undefined;
  entered: (value: boolean) => void;
  left: () => void;
}

const SW_UNKNOWN = ResponseApdu.statusBytes(StatusWord.UNKNOWN);
const SW_WRONG_LENGTH = ResponseApdu.statusBytes(StatusWord.WRONG_LENGTH);

/** Node's timers cannot wait longer (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

function nonNegative(name: string, value: number): number {
  if (Number.isNaN(value) || value < 0) throw new RangeError(`${name} must be a number >= 0, got ${value}`);
  return value;
}

/**
 * A general-purpose (汎用) contactless USB reader such as Sony's RC-S300/P, emulated in-process.
 *
 * {@link hold} puts a card or a phone in the field, for a while or until {@link remove}; only one device is in the
 * field at a time (holding another takes the first away: modelled). A device is detected only if it has a contactless
 * interface (`ApduDevice.contactless`). On activation the reader powers the device and synthesises the ATR from the
 * ATQB (the profile's {@link AtrStyle}); the events `present` and `removed` follow the field.
 *
 * {@link waitForDevice} gives a {@link Transceiver} on the current activation that applies the profile: message size,
 * extended APDUs (refused like a real reader: `TransportError("io")` naming `SCARD_E_NOT_TRANSACTED`, the device never
 * sees the command), the response time-out (a device slower than it is "lost": the transmit rejects with
 * `TransportError("removed")`, the device is powered off, and the reader re-activates it if it is still held). When
 * the device leaves, pending and later transmits reject with `TransportError("removed")` and it loses its security state.
 *
 * Phones (modelled, docs/domain/phone-token.md "Modelled quirks: extended APDUs, antenna position"): a phone whose NFC
 * stack lacks extended APDUs fails the exchange of one at the link, as when the tag is lost (`TransportError("removed")`,
 * no status word; the reader re-activates it if it is still held); a phone held with its antenna off the reader's
 * ({@link HoldOptions.placement}) never enters the field, or enters it intermittently, each drop a lost tag.
 */
export class GeneralPurposeReader extends EventEmitter<GeneralPurposeReaderEvents> implements ReaderPort {
  /** The reader's profile. */
  readonly profile: UsbReaderProfile;
  /** The reader's name (the profile's). */
  readonly name: string;
  private readonly timing: ProcessingTime;
  private readonly repollMs: number;
  private holding: HoldState | undefined;
  private active: FieldActivation | undefined;

  constructor(profile: UsbReaderProfile = UsbReaderProfiles.rcS300P, options: GeneralPurposeReaderOptions = {}) {
    super();
    this.profile = profile;
    this.name = profile.name;
    this.timing = options.timing ?? processingTime();
    this.repollMs = Math.min(MAX_TIMER_MS, nonNegative("repollMs", options.repollMs ?? 50));
  }

  /** The device activated in the field now, if any. */
  get device(): ApduDevice | undefined {
    return this.active?.device;
  }

  /** The contactless ATR of the device in the field now, if any. */
  get atr(): Uint8Array | undefined {
    return this.active?.atr.slice();
  }

  /** The current activation. @internal (for carriers in this folder) */
  get activation(): FieldActivation | undefined {
    return this.active;
  }

  isPresent(): boolean {
    return this.active !== undefined;
  }

  /**
   * Holds `device` over the reader: it enters the field after `afterMs` and leaves `holdMs` later (or on
   * {@link remove}). A device already held is taken away first.
   */
  hold(device: ApduDevice, options: HoldOptions = {}): ReaderHold {
    const holdMs = nonNegative("holdMs", options.holdMs ?? Number.POSITIVE_INFINITY);
    const afterMs = nonNegative("afterMs", options.afterMs ?? 0);
    if (afterMs > MAX_TIMER_MS) throw new RangeError(`afterMs must be at most ${MAX_TIMER_MS}, got ${afterMs}`);
    const coupling = fieldCoupling(device, options.placement);
    this.remove();
    let entered!: (value: boolean) => void;
    let left!: () => void;
    const hold: ReaderHold = {
      device,
      entered: new Promise<boolean>((resolve) => (entered = resolve)),
      left: new Promise<void>((resolve) => (left = resolve)),
    };
    const state: HoldState = { device, timing: options.timing ?? this.timing, holdMs, coupling, timers: new Set(), unsubscribe: undefined, entered, left };
    this.holding = state;
    // A phone may leave the field on its own (taken away): the reader sees it go.
    state.unsubscribe = fieldAware(device)?.onFieldChange?.((inField) => {
      if (!inField && this.holding === state && this.active?.device === device) this.remove();
    });
    if (afterMs > 0) this.later(state, afterMs, () => this.enter(state));
    else this.enter(state);
    return hold;
  }

  /** Takes the device away (and cancels a hold not yet arrived). Nothing happens when the field is empty. */
  remove(): void {
    const state = this.holding;
    if (!state) return;
    this.holding = undefined;
    for (const timer of state.timers) clearTimeout(timer);
    state.timers.clear();
    state.unsubscribe?.();
    this.deactivate("removed");
    state.entered(false);
    state.left();
  }

  /**
   * Resolves with a link to the device once one is in the field (at once when one is), or `null` after `timeoutMs`.
   * Rejects with `TransportError("closed")` when `signal` aborts.
   */
  waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(this.abortError(signal));
    if (this.active) return Promise.resolve(new FieldTransceiver(this, this.active));
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off("present", onPresent);
        signal?.removeEventListener("abort", onAbort);
      };
      const onPresent = (): void => {
        if (!this.active) return;
        cleanup();
        resolve(new FieldTransceiver(this, this.active));
      };
      const onAbort = (): void => {
        cleanup();
        reject(this.abortError(signal));
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(null);
      }, Math.min(MAX_TIMER_MS, Math.max(0, options.timeoutMs)));
      this.on("present", onPresent);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * One command through the reader to the device of `activation`, as the in-process host link does it: the reader's
   * limits, the device's processing time (modelled) against the reader's time-out, removal while waiting.
   * @internal (used by {@link FieldTransceiver})
   */
  exchange(activation: FieldActivation, command: Uint8Array): Promise<Uint8Array> {
    return activation.serial(async () => {
      if (activation.ended) throw this.goneError(activation);
      const refused = ReaderLimits.command(this.profile, command);
      if (refused) throw this.notTransacted(refused);
      const linkFailure = contactlessLinkFailure(activation.device, command);
      if (linkFailure) {
        this.loseTag(activation);
        throw new TransportError("removed", `tag was lost: the exchange failed at the link of ${this.name} (${linkFailure})`);
      }
      // The device gets the command at once (a PIN try counts even if the answer never arrives); its answer takes
      // `ms` to come back.
      const response = this.process(activation, command);
      const ms = nonNegative("processing time", activation.timing(command, response, activation.device));
      const limit = this.profile.responseTimeoutMs;
      await this.wait(activation, Math.min(ms, limit));
      if (ms > limit) {
        this.loseTag(activation);
        throw new TransportError(
          "removed",
          `tag was lost: ${activation.device.description} did not answer within the ${limit} ms time-out of ${this.name} (modelled processing ${ms} ms)`,
        );
      }
      const tooLong = ReaderLimits.response(this.profile, response);
      if (tooLong) throw this.notTransacted(tooLong);
      return response;
    });
  }

  /**
   * One command from a carrier that serves the device elsewhere (the vpcd slot, whose device side must answer at
   * once): the reader's limits become `6700` (the device never sees the command); a processing time beyond the
   * time-out, or a command the device's link fails on, loses the tag (the carrier sees `removed` and drops the link);
   * otherwise no delay is applied.
   * @internal (used by the slot's device)
   */
  exchangeNow(activation: FieldActivation, command: Uint8Array): Uint8Array {
    if (activation.ended) return SW_UNKNOWN;
    if (ReaderLimits.command(this.profile, command)) return SW_WRONG_LENGTH;
    if (contactlessLinkFailure(activation.device, command)) {
      this.loseTag(activation);
      return SW_UNKNOWN;
    }
    const response = this.process(activation, command);
    if (activation.timing(command, response, activation.device) > this.profile.responseTimeoutMs) {
      this.loseTag(activation);
      return SW_UNKNOWN;
    }
    if (ReaderLimits.response(this.profile, response)) return SW_WRONG_LENGTH;
    return response;
  }

  /** Warm reset of the device of `activation`; resolves with the ATR. @internal (used by {@link FieldTransceiver}) */
  resetDevice(activation: FieldActivation): Promise<Uint8Array> {
    return activation.serial(() => {
      if (activation.ended) return Promise.reject(this.goneError(activation));
      activation.device.reset();
      return Promise.resolve(activation.atr.slice());
    });
  }

  /** The reader drops `activation` as when the device stops answering in time. @internal */
  loseTag(activation: FieldActivation): void {
    if (this.active !== activation) return;
    this.deactivate("tag-lost");
    const state = this.holding;
    if (state) this.later(state, this.repollMs, () => this.activate(state));
  }

  /** The error for a link whose activation ended. @internal */
  goneError(activation: FieldActivation): TransportError {
    const what = activation.ended === "tag-lost" ? "tag was lost" : "device removed";
    return new TransportError("removed", `${what}: ${activation.device.description} is no longer in the field of ${this.name}`);
  }

  private enter(state: HoldState): void {
    if (this.holding !== state) return;
    state.entered(this.activate(state));
    if (state.holdMs <= MAX_TIMER_MS) this.later(state, state.holdMs, () => this.remove()); // longer: until remove()
  }

  private activate(state: HoldState): boolean {
    if (this.holding !== state || this.active) return this.active?.device === state.device;
    if (state.coupling.kind === "none") return false; // misplaced: the device never reaches the field
    const aware = fieldAware(state.device);
    aware?.enterField(); // a phone powers up with a fresh PUPI
    const identity = state.device.contactless;
    let atr: Uint8Array | undefined;
    try {
      // No contactless interface (a paper card, a contact-only chip) or a malformed ATQB: the reader never detects it.
      if (identity) atr = ContactlessAtr.forStyle(this.profile.atrStyle, identity);
    } catch {
      atr = undefined;
    }
    if (!identity || !atr) {
      aware?.leaveField();
      return false;
    }
    state.device.powerOn(); // the field powers the device: a cold start
    const activation = new FieldActivation(state.device, identity, atr, state.timing);
    this.active = activation;
    this.emit("present", state.device, atr.slice());
    const { coupling } = state;
    if (coupling.kind === "intermittent") this.later(state, coupling.inFieldMs, () => this.dropOut(state, activation, coupling.outOfFieldMs));
    return true;
  }

  /** An intermittent device drifts out of the field: the reader loses the tag; it comes back `outOfFieldMs` later. */
  private dropOut(state: HoldState, activation: FieldActivation, outOfFieldMs: number): void {
    if (this.active !== activation) return; // already gone (lost on a time-out, re-polled meanwhile)
    this.deactivate("tag-lost");
    this.later(state, outOfFieldMs, () => this.activate(state));
  }

  private deactivate(reason: FieldExitReason): void {
    const activation = this.active;
    if (!activation) return;
    this.active = undefined;
    activation.end(reason);
    try {
      activation.device.powerOff();
      fieldAware(activation.device)?.leaveField();
    } catch {
      // a device must not stop the reader
    }
    this.emit("removed", activation.device, reason);
  }

  private process(activation: FieldActivation, command: Uint8Array): Uint8Array {
    try {
      return activation.device.process(command);
    } catch {
      return SW_UNKNOWN;
    }
  }

  private async wait(activation: FieldActivation, ms: number): Promise<void> {
    if (ms > 0) {
      try {
        await sleep(Math.min(ms, MAX_TIMER_MS), undefined, { signal: activation.signal });
      } catch {
        // aborted: the activation ended
      }
    }
    if (activation.ended) throw this.goneError(activation);
  }

  private later(state: HoldState, ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      if (this.holding === state) action();
    }, ms);
    state.timers.add(timer);
  }

  private notTransacted(reason: string): TransportError {
    return new TransportError("io", `SCARD_E_NOT_TRANSACTED (0x80100016) on "${this.name}": ${reason}`);
  }

  private abortError(signal: AbortSignal | undefined): TransportError {
    return new TransportError("closed", `waiting for a device on ${this.name} aborted`, { cause: signal?.reason });
  }
}
