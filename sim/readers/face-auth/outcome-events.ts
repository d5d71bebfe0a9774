import type { CardProbeOutcome } from "./card-probe.ts";
import type { PinSignOutcome } from "./card-pin-sign.ts";
import type { FacePhotoOutcome } from "./face-photo.ts";
import type { PhoneReadOutcome } from "./phone-read.ts";
import type { ActivitySettlement } from "./reader-activity.ts";
import type { SessionUpdate } from "./reader-session.ts";
import type { ScreenEventType } from "./screen-machine.ts";

/** Every outcome of the reader's device work: card probe, PIN and signature, card-face photo, phone read. */
export type DeviceOutcome = CardProbeOutcome | PinSignOutcome | FacePhotoOutcome | PhoneReadOutcome;

/** The kinds of {@link DeviceOutcome}. */
export type DeviceOutcomeKind = DeviceOutcome["kind"];

/** The outcome of kind `K`. */
export type DeviceOutcomeOf<K extends DeviceOutcomeKind> = Extract<DeviceOutcome, { kind: K }>;

/** The device an outcome came from; some details name it (a phone has no grace, its PIN is the phone's). */
export type ReadDevice = "card" | "phone";

/** The reader events an outcome can end in (events without a payload, raised by the reader itself). */
export type OutcomeEventType = Extract<
  ScreenEventType,
  "readOk" | "noChip" | "notMyNumberCard" | "readFailed" | "certificateExpired" | "phoneDetected" | "photoRead" | "photoUnavailable" | "pinWrong" | "pinBlocked" | "biometricMissing" | "signed" | "systemFailed"
>;

/** The event an outcome kind raises, and the problem detail it records (none on success). */
export interface OutcomeEvent<K extends DeviceOutcomeKind> {
  readonly event: OutcomeEventType;
  readonly detail?: (outcome: DeviceOutcomeOf<K>, device: ReadDevice) => string;
}

/**
 * The one mapping from device outcomes to screen events, for every activity that reads a device. The same kind raises
 * the same event whichever activity met it; where the state a machine is in then differs (a read failure is 001 on
 * the card path, guidance on the phone path), the transitions of `SCREEN_MACHINE` decide.
 */
export const OUTCOME_EVENTS: { readonly [K in DeviceOutcomeKind]: OutcomeEvent<K> } = Object.freeze({
  card: { event: "readOk" },
  read: { event: "readOk" },
  photo: { event: "photoRead" },
  signed: { event: "signed" },
  "certificate-expired": {
    event: "certificateExpired",
    detail: (o, device) =>
      device === "card" ? `certificate expired ${o.expiry.notAfter.toISOString()}, beyond the card's grace` : `phone certificate expired ${o.expiry.notAfter.toISOString()} (phones have no grace)`,
  },
  phone: { event: "phoneDetected", detail: () => "a phone (JPKI token without the card-face AP) on the card slot" },
  "not-a-phone": { event: "readFailed", detail: () => "a card, not a phone, was held for the phone read" },
  "no-chip": { event: "noChip", detail: (o) => o.detail },
  "not-my-number-card": { event: "notMyNumberCard", detail: (o) => `SELECT JPKI answered ${o.statusWord.toString(16).toUpperCase()}` },
  "read-failed": { event: "readFailed", detail: (o) => o.detail },
  refused: { event: "photoUnavailable", detail: (o) => o.detail },
  "pin-wrong": { event: "pinWrong", detail: (o, device) => `PIN refused${device === "phone" ? " by the phone" : ""}, ${o.triesLeft} tries left` },
  "pin-blocked": { event: "pinBlocked", detail: (_o, device) => (device === "card" ? "auth PIN blocked" : "the phone's auth PIN is blocked") },
  "biometric-missing": { event: "biometricMissing", detail: (o) => o.detail },
  "system-failed": { event: "systemFailed", detail: (o) => o.detail },
});

/** What an activity learns for the session from each outcome kind it cares about. */
export type OutcomeLearning<O extends DeviceOutcome> = { readonly [K in O["kind"]]?: (outcome: Extract<O, { kind: K }>) => SessionUpdate };

/**
 * How `outcome` from `device` settles an activity: the event and detail from {@link OUTCOME_EVENTS}, and the session
 * update `learn` gives for its kind.
 */
export function settlementOf<O extends DeviceOutcome>(outcome: O, device: ReadDevice, learn: OutcomeLearning<O> = {}): ActivitySettlement {
  // One lookup by kind: the entry and the learning for `outcome.kind` both take outcomes of that kind.
  const entry = OUTCOME_EVENTS[outcome.kind] as OutcomeEvent<DeviceOutcomeKind>;
  const update = (learn[outcome.kind as O["kind"]] as ((o: O) => SessionUpdate) | undefined)?.(outcome);
  const detail = (entry.detail as ((o: O, d: ReadDevice) => string) | undefined)?.(outcome, device);
  return { event: { type: entry.event }, ...(detail !== undefined ? { detail } : {}), ...(update !== undefined ? { update } : {}) };
}
