import { type Transceiver } from "../../apdu/index.ts";
import type { ConsentAnswer } from "./consent-answers.ts";
import type { PhoneOs } from "./phone-read.ts";
import type { ScreenEventType } from "./screen-machine.ts";

/** Events that carry data. */
type WithPayload =
  | { type: "chooseOs"; os: PhoneOs }
  /** The PIN is used by one VERIFY and dropped; it never reaches history, traces or screens. */
  | { type: "enterPin"; pin: string }
  /** The simulated camera's similarity (0–1) between the patient and the card-face photo. */
  | { type: "faceCameraScore"; score: number }
  | { type: "consent"; answer: ConsentAnswer }
  /** A device is present on a port; the reader hands the link to the state it enters. */
  | { type: "cardSlotDevice"; link: Transceiver }
  | { type: "generalPurposeDevice"; link: Transceiver };

/** An event for a face-auth reader's screen state machine (see `SCREEN_MACHINE.events`). */
export type ReaderEvent = WithPayload | { type: Exclude<ScreenEventType, WithPayload["type"]> };
