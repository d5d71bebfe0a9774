/**
 * The one screen state machine every face-auth card reader (FACR) model runs, as plain data: states with their ids,
 * Japanese titles and time-outs, the events that drive them, guards and actions by name, and the transitions.
 * `FaceAuthReader` interprets it for a {@link ReaderProfile}; scenarios and the conformance suite enumerate it.
 *
 * Public (docs/domain/counter-flow.md, §11): the counter flow (card or 「スマートフォンを利用する」, OS choice, identity check, hold,
 * consent screens), the error codes 001/002/006 and their words, the expiry alert window, the face-match lock after
 * 10 failures. Modelled: the exact screen sequence and titles other than those, the guidance wording, every time-out.
 * Transitions are tried in order; the first whose guard holds is taken; an event no transition takes is ignored.
 */

/** Screen state ids. */
export type ScreenStateId =
  | "standby"
  | "card-hold"
  | "card-reading"
  | "paper-card-reading"
  | "expiry-alert"
  | "method-choice"
  | "face-photo-reading"
  | "face-match"
  | "face-unavailable"
  | "face-locked"
  | "card-pin-entry"
  | "card-pin-verifying"
  | "pin-locked"
  | "card-attesting"
  | "os-choice"
  | "android-pin-entry"
  | "phone-hold"
  | "phone-reading"
  | "consent-drug"
  | "consent-health-check"
  | "consent-clinical"
  | "consent-surgery"
  | "consent-cost-cap"
  | "consent-prescription"
  | "result"
  | "error-001"
  | "error-002"
  | "error-006"
  | "error-read-failed"
  | "error-system"
  | "guidance-timeout"
  | "guidance-operate-first"
  | "guidance-phone-on-card-antenna"
  | "guidance-phone-read-failed"
  | "guidance-iphone-biometric";

/** Event types. Patient, staff and clock events come from outside; device and reader events from the reader itself. */
export type ScreenEventType =
  // patient
  | "chooseCard"
  | "choosePhone"
  | "chooseOs"
  | "chooseFace"
  | "choosePin"
  | "enterPin"
  | "faceCameraScore"
  | "consent"
  | "acknowledge"
  | "retry"
  | "cancel"
  // staff
  | "staffVisualCheck"
  // device presence, from the reader's ports
  | "cardSlotDevice"
  | "generalPurposeDevice"
  // outcomes of the reader's own work (reads, signatures, attestation)
  | "readOk"
  | "noChip"
  | "notMyNumberCard"
  | "readFailed"
  | "certificateExpired"
  | "phoneDetected"
  | "photoRead"
  | "photoUnavailable"
  | "pinWrong"
  | "pinBlocked"
  | "biometricMissing"
  | "signed"
  | "systemFailed"
  // the reader's clock
  | "timeout";

/** Who or what raises an event. */
export type ScreenEventSource = "patient" | "staff" | "device" | "reader" | "clock";

/** Guards, by name; `FaceAuthReader` implements each. */
export type ScreenGuardName =
  | "phoneButtonShown"
  | "readsPhonesItself"
  | "needsGeneralPurposeReader"
  | "paperCardFallback"
  | "certificateInAlertWindow"
  | "cardSession"
  | "faceAvailable"
  | "faceMatched"
  | "faceLockReached"
  | "osIsIphone"
  | "osIsAndroid"
  | "pinWellFormed"
  | "yesNoAnswer"
  | "prescriptionAnswer";

/** Actions run when a transition is taken, by name. */
export type ScreenActionName =
  | "startCardSession"
  | "startPhoneSession"
  | "rememberOs"
  | "holdPinForUse"
  | "useFace"
  | "usePin"
  | "useVisualCheck"
  | "countFaceFailure"
  | "recordConsent"
  | "finishResult";

/** Time-outs a state can arm; their lengths come from the reader profile (`ReaderTimeouts`). */
export type ScreenTimeoutName =
  | "cardHoldMs"
  | "phoneHoldMs"
  | "readMs"
  | "choiceMs"
  | "pinEntryMs"
  | "faceMatchMs"
  | "consentMs"
  | "alertMs"
  | "paperCardReadMs"
  | "messageMs"
  | "resultMs";

/** Work the reader does while a state is shown; it ends in one of the reader events. */
export type ScreenActivityName =
  | "watchStandby"
  | "watchCardSlot"
  | "watchPhoneReaders"
  | "probeCard"
  | "readFacePhoto"
  | "verifyCardPinAndSign"
  | "attestCheck"
  | "readPhone";

/** What kind of screen a state is. */
export type ScreenKind = "standby" | "choice" | "input" | "wait" | "processing" | "alert" | "consent" | "result" | "error" | "guidance";

/** One screen. */
export interface ScreenStateDescription {
  readonly id: ScreenStateId;
  /** The screen's title as the patient reads it. */
  readonly title: string;
  /** What the screen is for, in English. */
  readonly summary: string;
  readonly kind: ScreenKind;
  /** Published error code shown on the screen (docs/domain/reader-models.md). */
  readonly code?: "001" | "002" | "006";
  /** Time-out armed on entry; a `timeout` transition leaves the state when it fires. */
  readonly timeout?: ScreenTimeoutName;
  /** Work started on entry, cancelled on exit. */
  readonly activity?: ScreenActivityName;
  /** The read is over (the patient's business at the reader is done). */
  readonly final?: boolean;
}

/** One transition. */
export interface ScreenTransitionDescription {
  readonly from: ScreenStateId;
  readonly event: ScreenEventType;
  readonly guard?: ScreenGuardName;
  readonly actions?: readonly ScreenActionName[];
  readonly to: ScreenStateId;
}

/** The whole machine. */
export interface ScreenMachineDescription {
  readonly initial: ScreenStateId;
  readonly states: readonly ScreenStateDescription[];
  readonly events: readonly { readonly type: ScreenEventType; readonly source: ScreenEventSource; readonly summary: string }[];
  readonly guards: readonly { readonly name: ScreenGuardName; readonly summary: string }[];
  readonly actions: readonly { readonly name: ScreenActionName; readonly summary: string }[];
  readonly transitions: readonly ScreenTransitionDescription[];
}

const states: ScreenStateDescription[] = [
  { id: "standby", kind: "standby", title: "マイナンバーカードを置いてください", summary: "top screen: place the card, or choose 「スマートフォンを利用する」 when the button is shown", activity: "watchStandby" },
  { id: "card-hold", kind: "wait", title: "マイナンバーカードを置いてください", summary: "waiting for the card on the reader's own slot", timeout: "cardHoldMs", activity: "watchCardSlot" },
  { id: "card-reading", kind: "processing", title: "読み取り中です。カードを動かさないでください", summary: "SELECT JPKI, tell a card from a phone, read the auth certificate, check its dates", timeout: "readMs", activity: "probeCard" },
  { id: "paper-card-reading", kind: "processing", title: "健康保険証を読み取っています", summary: "no chip answered: treated as a paper insurance card (Almex)", timeout: "paperCardReadMs" },
  { id: "expiry-alert", kind: "alert", title: "利用者証明用電子証明書の有効期限をご確認ください", summary: "certificate expires within 3 months, or expired less than 3 months ago (card grace)", timeout: "alertMs" },
  { id: "method-choice", kind: "choice", title: "本人確認の方法を選択してください", summary: "顔認証 or 暗証番号; staff may switch to visual check", timeout: "choiceMs" },
  { id: "face-photo-reading", kind: "processing", title: "顔写真を読み取っています", summary: "read the card-face photo with 照合番号B (obtained by the modelled card-face scan)", timeout: "readMs", activity: "readFacePhoto" },
  { id: "face-match", kind: "input", title: "カメラに顔を向けてください", summary: "camera score against the card-face photo; 10 failures lock face authentication", timeout: "faceMatchMs" },
  { id: "face-unavailable", kind: "choice", title: "顔認証ができません。暗証番号を入力するか、職員にお申し出ください", summary: "the card-face photo could not be read", timeout: "choiceMs" },
  { id: "face-locked", kind: "choice", title: "顔認証がロックされました。暗証番号を入力するか、職員にお申し出ください", summary: "face authentication locked after too many failed matches", timeout: "choiceMs" },
  { id: "card-pin-entry", kind: "input", title: "暗証番号（数字4桁）を入力してください", summary: "the card's auth PIN, typed on the reader", timeout: "pinEntryMs" },
  { id: "card-pin-verifying", kind: "processing", title: "確認しています", summary: "VERIFY the PIN on the card and sign the challenge with its auth key", timeout: "readMs", activity: "verifyCardPinAndSign" },
  { id: "pin-locked", kind: "choice", title: "暗証番号がロックされています。職員にお申し出ください", summary: "the card's auth PIN is blocked; staff may check visually (the counter is not reset)", timeout: "choiceMs" },
  { id: "card-attesting", kind: "processing", title: "確認しています", summary: "the reader attests the face or visual check with its own key", timeout: "readMs", activity: "attestCheck" },
  { id: "os-choice", kind: "choice", title: "お使いのスマートフォンを選択してください", summary: "iPhone or Android", timeout: "choiceMs" },
  { id: "android-pin-entry", kind: "input", title: "スマートフォン用電子証明書の暗証番号（数字4桁）を入力してください", summary: "the Android phone's auth PIN, typed on the reader", timeout: "pinEntryMs" },
  { id: "phone-hold", kind: "wait", title: "スマートフォンをカードリーダーにかざしてください", summary: "waiting for the phone on the general-purpose reader (Canon: on its own antenna)", timeout: "phoneHoldMs", activity: "watchPhoneReaders" },
  { id: "phone-reading", kind: "processing", title: "読み取り中です。スマートフォンを動かさないでください", summary: "SELECT JPKI, VERIFY (Android), read the certificate, sign the challenge", timeout: "readMs", activity: "readPhone" },
  { id: "consent-drug", kind: "consent", title: "薬剤情報の提供に同意しますか", summary: "consent: drug information", timeout: "consentMs" },
  { id: "consent-health-check", kind: "consent", title: "特定健診情報の提供に同意しますか", summary: "consent: specific health check information", timeout: "consentMs" },
  { id: "consent-clinical", kind: "consent", title: "診療情報の提供に同意しますか", summary: "consent: clinical information", timeout: "consentMs" },
  { id: "consent-surgery", kind: "consent", title: "手術情報の提供に同意しますか", summary: "consent: surgery information", timeout: "consentMs" },
  { id: "consent-cost-cap", kind: "consent", title: "限度額情報の提供に同意しますか", summary: "consent: cost-cap (限度額適用認定証関連) data", timeout: "consentMs" },
  { id: "consent-prescription", kind: "consent", title: "処方箋の受け取り方法を選択してください（電子処方箋／紙の処方箋）", summary: "electronic or paper prescription", timeout: "consentMs" },
  { id: "result", kind: "result", title: "受付が完了しました", summary: "identity proof and consents handed to the terminal", timeout: "resultMs", final: true },
  { id: "error-001", kind: "error", code: "001", title: "マイナンバーカードの認識不可", summary: "card not recognised or failed mid-read", timeout: "messageMs" },
  { id: "error-002", kind: "error", code: "002", title: "マイナンバーカード以外", summary: "not a My Number Card (SELECT JPKI refused)", timeout: "messageMs" },
  { id: "error-006", kind: "error", code: "006", title: "利用者証明用電子証明書の失効・有効期限切れ", summary: "certificate expired beyond the grace the device allows (revocation is the service's check)", timeout: "messageMs" },
  { id: "error-read-failed", kind: "error", title: "読み取りに失敗しました", summary: "paper-card read failed (Almex)", timeout: "messageMs" },
  { id: "error-system", kind: "error", title: "システムエラーが発生しました。受付にお申し出ください", summary: "the reader could not obtain a challenge or sign its attestation", timeout: "messageMs" },
  { id: "guidance-timeout", kind: "guidance", title: "一定時間操作がなかったため、最初の画面に戻ります", summary: "time-out on a patient step", timeout: "messageMs" },
  { id: "guidance-operate-first", kind: "guidance", title: "先に画面の「スマートフォンを利用する」を押してください", summary: "phone held before the phone button was chosen (pilot finding)", timeout: "messageMs" },
  { id: "guidance-phone-on-card-antenna", kind: "guidance", title: "スマートフォンは汎用カードリーダーにかざしてください", summary: "phone held on a non-Canon reader's own antenna", timeout: "messageMs" },
  { id: "guidance-phone-read-failed", kind: "guidance", title: "スマートフォンを読み取れませんでした", summary: "phone read failed or timed out: check how it is held, else card / 資格確認書 / Mynaportal screen", timeout: "messageMs" },
  { id: "guidance-iphone-biometric", kind: "guidance", title: "iPhoneで顔認証（Face ID）または指紋認証（Touch ID）を行ってから、もう一度かざしてください", summary: "iPhone refused: the biometric act was not done", timeout: "messageMs" },
];

const events: ScreenMachineDescription["events"] = [
  { type: "chooseCard", source: "patient", summary: "chooses to use the card" },
  { type: "choosePhone", source: "patient", summary: "presses 「スマートフォンを利用する」" },
  { type: "chooseOs", source: "patient", summary: "chooses iPhone or Android" },
  { type: "chooseFace", source: "patient", summary: "chooses face authentication" },
  { type: "choosePin", source: "patient", summary: "chooses PIN entry" },
  { type: "enterPin", source: "patient", summary: "types a PIN on the reader (used once, never stored)" },
  { type: "faceCameraScore", source: "patient", summary: "the simulated camera's match score against the card-face photo" },
  { type: "consent", source: "patient", summary: "answers a consent screen (yes/no, or electronic/paper)" },
  { type: "acknowledge", source: "patient", summary: "presses OK on an alert, error or guidance screen" },
  { type: "retry", source: "patient", summary: "tries the hold again" },
  { type: "cancel", source: "patient", summary: "presses 戻る / 中止" },
  { type: "staffVisualCheck", source: "staff", summary: "staff confirm the patient against the card by eye" },
  { type: "cardSlotDevice", source: "device", summary: "a device is on the reader's own slot or antenna" },
  { type: "generalPurposeDevice", source: "device", summary: "a device is on the general-purpose reader" },
  { type: "readOk", source: "reader", summary: "certificate read (and, on phones, challenge signed)" },
  { type: "noChip", source: "reader", summary: "nothing answered the first command" },
  { type: "notMyNumberCard", source: "reader", summary: "SELECT JPKI refused" },
  { type: "readFailed", source: "reader", summary: "the device failed or left mid-read" },
  { type: "certificateExpired", source: "reader", summary: "certificate expired beyond the device's grace" },
  { type: "phoneDetected", source: "reader", summary: "a JPKI token without the card's other applications (a phone) on the card slot" },
  { type: "photoRead", source: "reader", summary: "card-face photo read" },
  { type: "photoUnavailable", source: "reader", summary: "no 照合番号B, or the card refused it" },
  { type: "pinWrong", source: "reader", summary: "VERIFY answered 63Cx" },
  { type: "pinBlocked", source: "reader", summary: "VERIFY answered 63C0 or 6984" },
  { type: "biometricMissing", source: "reader", summary: "iPhone refused the certificate or key (no biometric authorisation)" },
  { type: "signed", source: "reader", summary: "the card signed the challenge" },
  { type: "systemFailed", source: "reader", summary: "no challenge, or the reader's key failed" },
  { type: "timeout", source: "clock", summary: "the state's time-out fired" },
];

const guards: ScreenMachineDescription["guards"] = [
  { name: "phoneButtonShown", summary: "setting on, general-purpose reader connected and configured (or Canon), terminal and reader restarted since" },
  { name: "readsPhonesItself", summary: "the model reads phones on its own antenna (Canon)" },
  { name: "needsGeneralPurposeReader", summary: "the model needs a general-purpose reader for phones" },
  { name: "paperCardFallback", summary: "the model treats a card with no chip as a paper card (Almex)" },
  { name: "certificateInAlertWindow", summary: "certificate within 3 months before or after expiry (and still usable)" },
  { name: "cardSession", summary: "the device being read is a card" },
  { name: "faceAvailable", summary: "face authentication not locked for this card" },
  { name: "faceMatched", summary: "camera score at or above the model's threshold" },
  { name: "faceLockReached", summary: "this failure reaches the model's lock count" },
  { name: "osIsIphone", summary: "the chosen OS is iPhone" },
  { name: "osIsAndroid", summary: "the chosen OS is Android" },
  { name: "pinWellFormed", summary: "the PIN is 4 digits" },
  { name: "yesNoAnswer", summary: "the consent answer is yes or no" },
  { name: "prescriptionAnswer", summary: "the answer is electronic or paper" },
];

const actions: ScreenMachineDescription["actions"] = [
  { name: "startCardSession", summary: "a new read of a card" },
  { name: "startPhoneSession", summary: "a new read of a phone" },
  { name: "rememberOs", summary: "keep the chosen OS" },
  { name: "holdPinForUse", summary: "keep the typed PIN in memory until the VERIFY that uses it" },
  { name: "useFace", summary: "identity method: face" },
  { name: "usePin", summary: "identity method: PIN" },
  { name: "useVisualCheck", summary: "identity method: staff visual check" },
  { name: "countFaceFailure", summary: "one more failed face match" },
  { name: "recordConsent", summary: "keep the answer of this consent screen" },
  { name: "finishResult", summary: "hand the identity proof and consents to the terminal" },
];

const t = (from: ScreenStateId, event: ScreenEventType, to: ScreenStateId, extra: { guard?: ScreenGuardName; actions?: ScreenActionName[] } = {}): ScreenTransitionDescription => ({
  from,
  event,
  ...(extra.guard ? { guard: extra.guard } : {}),
  ...(extra.actions ? { actions: extra.actions } : {}),
  to,
});

/** Back to the top screen on OK or on the message time-out. */
const dismiss = (from: ScreenStateId): ScreenTransitionDescription[] => [t(from, "acknowledge", "standby"), t(from, "timeout", "standby")];
/** Leave a patient step: cancel to the top, time-out to the guidance. */
const leave = (from: ScreenStateId): ScreenTransitionDescription[] => [t(from, "timeout", "guidance-timeout"), t(from, "cancel", "standby")];

const consentOrder: ScreenStateId[] = ["consent-drug", "consent-health-check", "consent-clinical", "consent-surgery", "consent-cost-cap"];

const transitions: ScreenTransitionDescription[] = [
  // top screen
  t("standby", "chooseCard", "card-hold", { actions: ["startCardSession"] }),
  t("standby", "cardSlotDevice", "card-reading", { actions: ["startCardSession"] }),
  t("standby", "choosePhone", "os-choice", { guard: "phoneButtonShown", actions: ["startPhoneSession"] }),
  t("standby", "generalPurposeDevice", "guidance-operate-first", { guard: "needsGeneralPurposeReader" }),
  // card
  t("card-hold", "cardSlotDevice", "card-reading"),
  ...leave("card-hold"),
  t("card-reading", "readOk", "expiry-alert", { guard: "certificateInAlertWindow" }),
  t("card-reading", "readOk", "method-choice"),
  t("card-reading", "noChip", "paper-card-reading", { guard: "paperCardFallback" }),
  t("card-reading", "noChip", "error-001"),
  t("card-reading", "notMyNumberCard", "error-002"),
  t("card-reading", "readFailed", "error-001"),
  t("card-reading", "certificateExpired", "error-006"),
  t("card-reading", "phoneDetected", "guidance-operate-first", { guard: "readsPhonesItself" }),
  t("card-reading", "phoneDetected", "guidance-phone-on-card-antenna"),
  t("card-reading", "timeout", "error-001"),
  t("card-reading", "cancel", "standby"),
  t("paper-card-reading", "timeout", "error-read-failed"),
  t("paper-card-reading", "cancel", "standby"),
  t("expiry-alert", "acknowledge", "method-choice", { guard: "cardSession" }),
  t("expiry-alert", "acknowledge", "consent-drug"),
  t("expiry-alert", "timeout", "method-choice", { guard: "cardSession" }),
  t("expiry-alert", "timeout", "consent-drug"),
  t("expiry-alert", "cancel", "standby"),
  t("method-choice", "chooseFace", "face-photo-reading", { guard: "faceAvailable" }),
  t("method-choice", "choosePin", "card-pin-entry"),
  t("method-choice", "staffVisualCheck", "card-attesting", { actions: ["useVisualCheck"] }),
  ...leave("method-choice"),
  t("face-photo-reading", "photoRead", "face-match"),
  t("face-photo-reading", "photoUnavailable", "face-unavailable"),
  t("face-photo-reading", "readFailed", "error-001"),
  t("face-photo-reading", "timeout", "error-001"),
  t("face-photo-reading", "cancel", "standby"),
  t("face-match", "faceCameraScore", "card-attesting", { guard: "faceMatched", actions: ["useFace"] }),
  t("face-match", "faceCameraScore", "face-locked", { guard: "faceLockReached", actions: ["countFaceFailure"] }),
  t("face-match", "faceCameraScore", "face-match", { actions: ["countFaceFailure"] }),
  t("face-match", "choosePin", "card-pin-entry"),
  t("face-match", "staffVisualCheck", "card-attesting", { actions: ["useVisualCheck"] }),
  ...leave("face-match"),
  ...(["face-unavailable", "face-locked"] as const).flatMap((s) => [
    t(s, "choosePin", "card-pin-entry"),
    t(s, "staffVisualCheck", "card-attesting", { actions: ["useVisualCheck"] }),
    ...leave(s),
  ]),
  t("card-pin-entry", "enterPin", "card-pin-verifying", { guard: "pinWellFormed", actions: ["holdPinForUse", "usePin"] }),
  t("card-pin-entry", "enterPin", "card-pin-entry"),
  ...leave("card-pin-entry"),
  t("card-pin-verifying", "signed", "consent-drug"),
  t("card-pin-verifying", "pinWrong", "card-pin-entry"),
  t("card-pin-verifying", "pinBlocked", "pin-locked"),
  t("card-pin-verifying", "readFailed", "error-001"),
  t("card-pin-verifying", "systemFailed", "error-system"),
  t("card-pin-verifying", "timeout", "error-001"),
  t("card-pin-verifying", "cancel", "standby"),
  t("pin-locked", "staffVisualCheck", "card-attesting", { actions: ["useVisualCheck"] }),
  t("pin-locked", "acknowledge", "standby"),
  ...leave("pin-locked"),
  t("card-attesting", "signed", "consent-drug"),
  t("card-attesting", "systemFailed", "error-system"),
  t("card-attesting", "timeout", "error-system"),
  t("card-attesting", "cancel", "standby"),
  // phone
  t("os-choice", "chooseOs", "phone-hold", { guard: "osIsIphone", actions: ["rememberOs"] }),
  t("os-choice", "chooseOs", "android-pin-entry", { guard: "osIsAndroid", actions: ["rememberOs"] }),
  ...leave("os-choice"),
  t("android-pin-entry", "enterPin", "phone-hold", { guard: "pinWellFormed", actions: ["holdPinForUse", "usePin"] }),
  t("android-pin-entry", "enterPin", "android-pin-entry"),
  ...leave("android-pin-entry"),
  t("phone-hold", "cardSlotDevice", "phone-reading", { guard: "readsPhonesItself" }),
  t("phone-hold", "cardSlotDevice", "guidance-phone-on-card-antenna"),
  t("phone-hold", "generalPurposeDevice", "phone-reading", { guard: "needsGeneralPurposeReader" }),
  t("phone-hold", "timeout", "guidance-phone-read-failed"),
  t("phone-hold", "cancel", "standby"),
  t("phone-reading", "readOk", "expiry-alert", { guard: "certificateInAlertWindow" }),
  t("phone-reading", "readOk", "consent-drug"),
  t("phone-reading", "pinWrong", "android-pin-entry"),
  t("phone-reading", "pinBlocked", "guidance-phone-read-failed"),
  t("phone-reading", "biometricMissing", "guidance-iphone-biometric"),
  t("phone-reading", "certificateExpired", "error-006"),
  t("phone-reading", "notMyNumberCard", "guidance-phone-read-failed"),
  t("phone-reading", "noChip", "guidance-phone-read-failed"),
  t("phone-reading", "readFailed", "guidance-phone-read-failed"),
  t("phone-reading", "systemFailed", "error-system"),
  t("phone-reading", "timeout", "guidance-phone-read-failed"),
  t("phone-reading", "cancel", "standby"),
  // consent
  ...consentOrder.flatMap((s, i) => [t(s, "consent", consentOrder[i + 1] ?? "consent-prescription", { guard: "yesNoAnswer", actions: ["recordConsent"] }), ...leave(s)]),
  t("consent-prescription", "consent", "result", { guard: "prescriptionAnswer", actions: ["recordConsent", "finishResult"] }),
  ...leave("consent-prescription"),
  ...dismiss("result"),
  // errors and guidance
  ...(["error-001", "error-002", "error-006", "error-read-failed", "error-system", "guidance-timeout", "guidance-phone-on-card-antenna", "guidance-phone-read-failed"] as const).flatMap(dismiss),
  t("guidance-operate-first", "choosePhone", "os-choice", { guard: "phoneButtonShown", actions: ["startPhoneSession"] }),
  ...dismiss("guidance-operate-first"),
  t("guidance-iphone-biometric", "retry", "phone-hold"),
  t("guidance-iphone-biometric", "cancel", "standby"),
  ...dismiss("guidance-iphone-biometric"),
];

/** The screen state machine shared by every face-auth reader model. */
export const SCREEN_MACHINE: ScreenMachineDescription = Object.freeze({
  initial: "standby",
  states: Object.freeze(states.map((s) => Object.freeze(s))),
  events,
  guards,
  actions,
  transitions: Object.freeze(transitions.map((x) => Object.freeze(x))),
});

/** The description of state `id`; throws `RangeError` for an unknown id. */
export function screenState(id: ScreenStateId, machine: ScreenMachineDescription = SCREEN_MACHINE): ScreenStateDescription {
  const state = machine.states.find((s) => s.id === id);
  if (!state) throw new RangeError(`unknown screen state "${id}"`);
  return state;
}

/** The transitions leaving `id`, in the order they are tried. */
export function transitionsFrom(id: ScreenStateId, machine: ScreenMachineDescription = SCREEN_MACHINE): ScreenTransitionDescription[] {
  return machine.transitions.filter((x) => x.from === id);
}
