import { randomBytes } from "node:crypto";
import { ResponseApdu, StatusWord } from "../apdu/index.ts";
import { MY_NUMBER_CARD_ATQB } from "../jpki/index.ts";
import { type ApduDevice, type ContactlessIdentity, ContactlessAtr } from "../apdu/index.ts";
import { type CardApplication, type ExtraCommand, type JpkiTokenLabel, type PinCounter, SmartCardChip } from "../cards/index.ts";
import type { IssuedCertificate } from "../pki/index.ts";
import type { PhoneInstallation } from "./phone-installation.ts";
import type { NfcAntennaPosition } from "../apdu/index.ts";
import type { PhoneModel, PhonePlatform } from "./phone-model.ts";
import { nfcLinkFailure, phoneNfc } from "./phone-nfc.ts";
import type { ProvisionRefusal } from "./provision-refusal.ts";

/**
 * Where a phone's JPKI token is in its life cycle:
 * `blank` (no card added yet), `active`, `replaced` (the person added the card to another phone: the token is gone),
 * `suspended` (reported lost through the hotline). Only `active` answers as a JPKI token.
 */
export type PhoneTokenState = "blank" | "active" | "replaced" | "suspended";

/** Options common to both phones. */
export interface PhoneTokenOptions {
  /** Stable identifier of the handset, e.g. `android-1`; also the token's serial number in EF `0006` (first 16 characters). */
  id: string;
  /** Model and OS version. */
  model: PhoneModel;
  /** Source of the random PUPI; default `crypto.randomBytes`. Give a seeded one for reproducible runs. */
  random?: (size: number) => Uint8Array;
}

/** A phone held in a reader's field for a while (see {@link PhoneToken.hold}). */
export interface FieldHold {
  /** Resolves when the phone leaves the field (hold time over, {@link FieldHold.release}, or {@link PhoneToken.leaveField}). */
  readonly released: Promise<void>;
  /** Takes the phone away now. */
  release(): void;
}

/** The phone's own PIN counters (non-volatile: they survive leaving the field and power cycles). */
export interface PhonePins {
  readonly auth: PinCounter;
  readonly sign: PinCounter;
}

/** What a subclass builds from an installation: the JPKI application, its PINs and any proprietary instructions. */
export interface PhoneJpki {
  readonly application: CardApplication;
  readonly pins: PhonePins;
  readonly extraCommands?: ReadonlyMap<number, ExtraCommand>;
}

/**
 * A phone as a contactless JPKI token (スマホ用電子証明書): an {@link ApduDevice} whose chip holds the JPKI AP only
 * (the card's other applications answer `6A82`). Until a card is added, and once the token is replaced or suspended,
 * it holds no JPKI AP at all: SELECT JPKI answers `6A82` and everything else answers as on an empty chip.
 *
 * Presence (modelled): a phone answers only while held in a reader's field ({@link enterField} / {@link leaveField} /
 * {@link hold}). Entering the field powers it up with a fresh random PUPI (ISO 14443 Type B; the ATQB application data and
 * protocol info are the card's); leaving it powers it down, dropping the security status. A reader must not call
 * {@link process} while the phone is out of its field; if a carrier does anyway the phone answers `6F00` and counts it
 * in {@link commandsOutOfField}. `powerOn`/`reset` out of the field do nothing (no field, no power).
 *
 * NFC front end (modelled, docs/domain/phone-token.md "Modelled quirks: extended APDUs, antenna position"): the model
 * says where the antenna sits ({@link nfcAntenna}: a reader couples only when it lies over the reader's antenna) and
 * whether extended APDUs pass ({@link contactlessLinkFailure}). Readers that model the air link (the general-purpose
 * reader) honour both; {@link process} is the secure element behind the front end and answers whatever reaches it.
 */
export abstract class PhoneToken implements ApduDevice {
  /** Stable identifier of the handset. */
  readonly id: string;
  /** Model and OS version. */
  readonly model: PhoneModel;
  /** Short description for traces, e.g. `iPhone 15 iphone-1`. */
  readonly description: string;
  /** The EF `0006` label that tells host software which token it talks to. */
  abstract readonly tokenLabel: JpkiTokenLabel;
  /** Command APDUs that reached the phone while it was out of any field (a reader bug if not 0). */
  commandsOutOfField = 0;
  readonly #random: (size: number) => Uint8Array;
  readonly #atr: Uint8Array;
  readonly #noJpki: SmartCardChip;
  readonly #listeners = new Set<(inField: boolean) => void>();
  #jpki: SmartCardChip | undefined;
  #pins: PhonePins | undefined;
  #installation: PhoneInstallation | undefined;
  #state: PhoneTokenState = "blank";
  #identity: ContactlessIdentity;
  #inField = false;
  #hold: { timer: ReturnType<typeof setTimeout>; resolve: () => void } | undefined;

  protected constructor(options: PhoneTokenOptions, platform: PhonePlatform) {
    if (options.model.platform !== platform) throw new RangeError(`${options.model.name} is an ${options.model.platform} phone, not ${platform}`);
    if (options.id.length === 0) throw new RangeError("a phone needs a non-empty id");
    this.id = options.id;
    this.model = options.model;
    this.description = `${options.model.name} ${options.id}`;
    this.#random = options.random ?? ((size) => new Uint8Array(randomBytes(size)));
    this.#identity = this.#newIdentity();
    this.#atr = ContactlessAtr.part3(this.#identity);
    this.#noJpki = new SmartCardChip({ description: this.description, atr: this.#atr, applications: [] });
  }

  /** What a contactless PC/SC reader reports for the phone (PC/SC part 3 ATR synthesised from the ATQB). */
  get atr(): Uint8Array {
    return this.#atr;
  }

  /** The ATQB identity of the current activation (the PUPI changes every time the phone enters a field). */
  get contactless(): ContactlessIdentity {
    return this.#identity;
  }

  /** Where the token is in its life cycle. */
  get state(): PhoneTokenState {
    return this.#state;
  }

  /** The persona whose card the phone holds (active or suspended), or undefined. */
  get holder(): string | undefined {
    return this.#state === "active" || this.#state === "suspended" ? this.#installation?.personaId : undefined;
  }

  /** The phone's own certificates from the last time a card was added (kept after replacement or suspension, for inspection). */
  get certificates(): { readonly auth: IssuedCertificate; readonly sign: IssuedCertificate } | undefined {
    const keys = this.#installation?.keys;
    return keys ? { auth: keys.authCertificate, sign: keys.signCertificate } : undefined;
  }

  /** The phone's own PIN counters, once a card was added. */
  get pins(): PhonePins | undefined {
    return this.#pins;
  }

  /** Where the phone's NFC antenna sits (the model's, or its platform's default): the part to put over a reader's antenna. */
  get nfcAntenna(): NfcAntennaPosition {
    return phoneNfc(this.model).antenna;
  }

  /**
   * Why the phone's NFC link would fail on `command` before the token sees it, or `undefined` when it carries it:
   * on a model without extended APDUs, any extended-length command (the reader then sees the tag lost, no status word).
   */
  contactlessLinkFailure(command: Uint8Array): string | undefined {
    const reason = nfcLinkFailure(this.model, command);
    return reason === undefined ? undefined : `${this.description}: ${reason}`;
  }

  /** Whether the phone is held in a reader's field now. */
  get isInField(): boolean {
    return this.#inField;
  }

  /** Phone-specific prerequisites for adding a card (the iPhone's registered biometrics); undefined when met. */
  readiness(): ProvisionRefusal | undefined {
    return undefined;
  }

  /** The phone is brought into a reader's field: it powers up with a fresh random PUPI. No effect when already in. */
  enterField(): void {
    if (this.#inField) return;
    this.#inField = true;
    this.#identity = this.#newIdentity();
    this.#chip().powerOn();
    this.#notify(true);
  }

  /** The phone is taken out of the field: it powers down and loses its security status. Ends any {@link hold}. */
  leaveField(): void {
    this.#endHold();
    if (!this.#inField) return;
    this.#inField = false;
    this.#jpki?.powerOff();
    this.#noJpki.powerOff();
    this.#notify(false);
  }

  /**
   * Holds the phone in the field for `holdMs` (the patient's tap, typically 1–2 s): enters the field now and leaves it
   * when the time is up. A new hold replaces a running one.
   */
  hold(holdMs: number): FieldHold {
    if (!Number.isFinite(holdMs) || holdMs < 0) throw new RangeError(`hold time must be a non-negative number of ms, got ${holdMs}`);
    this.#endHold();
    this.enterField();
    let resolve!: () => void;
    const released = new Promise<void>((r) => (resolve = r));
    const timer = setTimeout(() => this.leaveField(), holdMs);
    const hold = { timer, resolve };
    this.#hold = hold;
    return { released, release: () => (this.#hold === hold ? this.leaveField() : undefined) };
  }

  /** Calls `listener(inField)` whenever the phone enters or leaves the field; returns the unsubscribe function. */
  onFieldChange(listener: (inField: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Cold reset by the reader's field; nothing happens out of the field. */
  powerOn(): void {
    if (this.#inField) this.#chip().powerOn();
  }

  /** Field off: the security status is lost. */
  powerOff(): void {
    this.#chip().powerOff();
  }

  /** Warm reset (only in the field); the security status is lost. */
  reset(): void {
    if (this.#inField) this.#chip().reset();
  }

  /** One command APDU; out of the field `6F00` (a reader should never send it: see the class comment). */
  process(command: Uint8Array): Uint8Array {
    if (!this.#inField) {
      this.commandsOutOfField++;
      return ResponseApdu.statusBytes(StatusWord.UNKNOWN);
    }
    return this.#chip().process(command);
  }

  /**
   * Puts a card's JPKI token on the phone (its own keys, certificates and secrets), replacing any earlier one.
   * Part of the life cycle: call it through `PhoneRegistry.provision`, which checks the prerequisites.
   */
  install(installation: PhoneInstallation): void {
    this.#chip().powerOff();
    const jpki = this.buildJpki(installation);
    this.#jpki = new SmartCardChip({
      description: this.description,
      atr: this.#atr,
      applications: [jpki.application],
      ...(jpki.extraCommands ? { extraCommands: jpki.extraCommands } : {}),
    });
    this.#pins = jpki.pins;
    this.#installation = installation;
    this.#state = "active";
  }

  /** Disables the token (`replaced` or `suspended`): it then holds no JPKI AP. Called by `PhoneRegistry`. */
  disable(state: "replaced" | "suspended"): void {
    if (this.#state === "blank") return;
    this.#chip().powerOff();
    this.#state = state;
    this.onDisabled();
  }

  /** Builds the JPKI application for an installation (label, access rules, proprietary instructions). */
  protected abstract buildJpki(installation: PhoneInstallation): PhoneJpki;

  /** Hook run when the token is disabled. */
  protected onDisabled(): void {}

  #chip(): SmartCardChip {
    return this.#state === "active" && this.#jpki ? this.#jpki : this.#noJpki;
  }

  #newIdentity(): ContactlessIdentity {
    const pupi = this.#random(4);
    if (pupi.length !== 4) throw new RangeError(`the PUPI source gave ${pupi.length} bytes, not 4`);
    return { type: "B", pupi: Uint8Array.from(pupi), ...MY_NUMBER_CARD_ATQB };
  }

  #endHold(): void {
    const hold = this.#hold;
    if (!hold) return;
    this.#hold = undefined;
    clearTimeout(hold.timer);
    hold.resolve();
  }

  #notify(inField: boolean): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(inField);
      } catch (error) {
        console.warn(`[${this.description}] field listener threw: ${String(error)}`);
      }
    }
  }
}
