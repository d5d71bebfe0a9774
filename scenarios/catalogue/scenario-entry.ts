import type { ProvisionRefusalReason } from "../../sim/phones/index.ts";
import type { KnownPhoneModel, NfcAntennaPosition } from "../../sim/phones/index.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import type { FallbackKind } from "../../sim/terminal/fallback.ts";
import type { RuleName } from "../../sim/rules/index.ts";

/**
 * One error case of the catalogue as data (issue 9): who, where, what the patient and staff do, and what must happen.
 * Entries are interpreted by `runScenario`; adding a pilot error case is adding one entry.
 */
export interface ScenarioEntry {
  /** Stable id, upper-case words joined by dashes, e.g. `PHONE-HELD-BEFORE-BUTTON`. */
  readonly id: string;
  /** What goes wrong, in English. */
  readonly title: string;
  /** The Japanese words the patient or staff see (screen title, guidance, code), or what they say. */
  readonly japanese: string;
  readonly source: ScenarioSource;
  readonly setting: ScenarioSetting;
  /** The patient's, staff's, clock's and other software's steps, in order. */
  readonly steps: readonly ScenarioStep[];
  readonly expected: ExpectedOutcome;
  /** Rules (sim/rules) this entry relies on: switching one off must make the entry fail. */
  readonly rules?: readonly RuleName[];
  /**
   * Carriers that cannot carry this entry's devices, each with why. Asked for one of them, the runner runs the entry
   * in-process and says so in the verdict (`carrier`, `carrierNote`).
   */
  readonly notThrough?: { readonly pcscd?: string; readonly ws?: string };
}

/** Where the case comes from: the docs/domain page and the public source it names. */
export interface ScenarioSource {
  /** e.g. `docs/domain/pilot-findings.md#staff-feedback`. */
  readonly page: string;
  /** Seed notice short name and section, or the public tracker, e.g. `mhlw-slides (pilot, staff feedback)`. */
  readonly public: string;
  /** Whether the mechanism is documented publicly or modelled here. */
  readonly status: "public" | "modelled" | "unverified";
}

/** Face-auth reader model ids of sim/readers/face-auth (READER_MODELS). */
export type ReaderModelId = "panasonic-xc-stfr1j-mn" | "pfu-caora" | "almex-myna-touch" | "canon-facr";

/** The general-purpose reader beside the face-auth reader, and how it was set up (docs/domain/counter-flow.md#phone-button). */
export interface GeneralPurposeSetting {
  /** UsbReaderProfiles key (`rc-s300-p`, `short-apdu-only`, …) or `none`. */
  readonly model: string;
  /** `maker-procedure`: connected, configured, terminal and reader restarted; `not-set-up`; `not-restarted`. */
  readonly setUp: "maker-procedure" | "not-set-up" | "not-restarted";
  /** Response time-out of the reader, ms (default the profile's). */
  readonly responseTimeoutMs?: number;
  /** Whether the reader sends Apple's enhanced contactless polling frame (default true; modelled). */
  readonly enhancedPolling?: boolean;
}

/** The patient's device. */
export type DeviceSetting = CardSetting | PhoneSetting;

/** A card: a My Number Card, another IC card, or one whose chip answers nothing. */
export interface CardSetting {
  readonly kind: "card";
  readonly chip?: "my-number" | "other-ic-card" | "no-chip";
}

/** A phone with the card added (or not). */
export interface PhoneSetting {
      readonly kind: "iphone" | "android";
      readonly model: KnownPhoneModel;
      readonly os: string;
      /** iPhone: biometrics registered (default face). */
      readonly biometrics?: readonly ("face" | "touch")[];
      /** Whether the handset's NFC stack takes extended APDUs (default true). */
      readonly extendedApdus?: boolean;
      /** Modelled time the phone takes to answer any other APDU, ms (default 0). */
      readonly apduMs?: number;
      /** Modelled time the phone takes to sign, ms (default 0). */
      readonly signatureMs?: number;
      /** Whether the card is added to the phone before the visit (default true). */
      readonly cardAdded?: boolean;
      /** Days before the card certificate's expiry on which the card was added (default: on the scenario day). */
      readonly addedDaysBeforeExpiry?: number;
      /** iPhone: a default payment card (Apple Pay) set (default true; modelled). */
      readonly defaultPaymentCard?: boolean;
}

/** Who, where, with what. */
export interface ScenarioSetting {
  readonly facility: "hospital" | "clinic" | "dental" | "pharmacy";
  readonly reader: ReaderModelId;
  readonly generalPurposeReader: GeneralPurposeSetting;
  readonly device: DeviceSetting;
  /** Built-in persona id (sim/personas). */
  readonly persona: string;
  /** The day, ISO date (default 2025-10-01, after the 2025-09-19 start). */
  readonly date?: string;
  /** The online service: up (default), or down from the start (network or system trouble). */
  readonly service?: "up" | "down";
  /** The visit: first visit (default) and whether the patient brought documents for the fallbacks (default true). */
  readonly visit?: { readonly firstVisit?: boolean; readonly documents?: boolean };
  /** The face-auth reader's state when the day starts: fine, or blinking red (modelled fault). */
  readonly readerFault?: "none" | "blinking-red";
}

/** A step by a patient, staff, the clock or other software. */
export type ScenarioStep =
  | { readonly do: "press-phone-button" }
  | { readonly do: "choose-os"; readonly os: "iphone" | "android" }
  | { readonly do: "enter-pin"; readonly pin: string }
  | { readonly do: "biometric"; readonly kind?: "face" | "touch" }
  | { readonly do: "hold"; readonly device?: "phone" | "card" | "second-phone"; readonly on: "general-purpose" | "card-antenna"; readonly holdMs?: number; readonly over?: NfcAntennaPosition; readonly leaveOn?: "read-binary" | "sign" }
  | { readonly do: "take-away" }
  | { readonly do: "choose-face" }
  | { readonly do: "face-score"; readonly score: number; readonly times?: number }
  | { readonly do: "choose-pin" }
  | { readonly do: "staff-visual-check" }
  | { readonly do: "consent" }
  | { readonly do: "acknowledge" }
  | { readonly do: "retry" }
  | { readonly do: "wait"; readonly ms: number }
  | { readonly do: "restart"; readonly what: "terminal" | "reader" }
  | { readonly do: "power-cycle"; readonly order: readonly ("reader-off" | "pc-off" | "reader-on" | "pc-on")[] }
  | { readonly do: "add-card-to-phone"; readonly phone?: "phone" | "second-phone"; readonly persona?: string; readonly signPassword?: string; readonly times?: number }
  | { readonly do: "call-hotline" }
  | { readonly do: "resend-last-read" }
  | { readonly do: "host-read"; readonly tool: HostTool; readonly fault?: HostFault };

/** A host program on the general-purpose reader (a PC/SC tool), as public trackers describe them (modelled). */
export interface HostTool {
  /** The tool accepts only cards whose ATR starts with this (jpki-myna-12), e.g. `3B 88 80 01`. */
  readonly atrPrefix?: string;
  /** Sends READ BINARY with an extended Le (yubikit-64, multipaz-96). */
  readonly extendedLe?: boolean;
  /** VERIFY this auth PIN right after SELECT (an Android token keeps its certificate behind the PIN). */
  readonly pin?: string;
  /** Sign a challenge with the auth key after reading the certificate. */
  readonly sign?: boolean;
  /** Reconnects (SCardReconnect) after SCARD_W_REMOVED_CARD (default false: the reported bug). */
  readonly reconnects?: boolean;
}

/** A fault injected into the host's exchange (modelled after the trackers of docs/domain/read-failures.md). */
export type HostFault =
  | { readonly kind: "reset-between-verify-and-sign" }
  | { readonly kind: "truncated-read"; readonly afterBytes: number; readonly as: "error" | "empty-9000" }
  | { readonly kind: "removed-mid-read"; readonly afterCommands: number };

/** What the result file says. */
export type ExpectedResultFile = "none" | "error" | { readonly status: "1" | "2"; readonly validity?: "1" | "2" | "3" | "4" };

/** The outcome that must happen. */
export interface ExpectedOutcome {
  /** Screens that must be visited, in this order (others may come between). */
  readonly screens?: readonly ScreenStateId[];
  /** Screens that must not be visited. */
  readonly notScreens?: readonly ScreenStateId[];
  /** The screen the visit stopped on (an error or guidance screen), when it stopped short. */
  readonly stoppedOn?: ScreenStateId;
  /** The guidance titles shown, exactly (empty: none). */
  readonly guidance?: readonly string[];
  /** Whether 「スマートフォンを利用する」 was shown when the patient looked for it. */
  readonly phoneButton?: boolean;
  readonly resultFile?: ExpectedResultFile;
  /** The fallback recorded, or `none`. */
  readonly fallback?: FallbackKind | "none";
  /** Whether the service counted a My Number use. */
  readonly usageCounted?: boolean;
  /** Adding the card to the phone: done, or refused for this reason. */
  readonly provision?: "ok" | ProvisionRefusalReason;
  /** The host tool's outcome. */
  readonly host?: HostOutcome;
  /** The insured number on the receipt claim (docs/domain/fallbacks.md#receipt-claim-order), e.g. `77777777` (不詳). */
  readonly receiptInsuredNumber?: string;
}

/** What a host tool ended with. */
export type HostOutcome = "read-and-signed" | "certificate-read" | "card-ignored" | "extended-refused" | "tag-lost" | "sign-refused-6982" | "certificate-truncated" | "stuck-removed" | "wrong-application";
