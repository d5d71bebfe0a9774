import type { ScreenStateId } from "../../sim/readers/face-auth/index.ts";

/**
 * The screens the model knows, written from docs/domain (not imported from the reader): the counter flow of
 * docs/domain/counter-flow.md, the codes of docs/domain/reader-models.md#screen-codes, the guidance of the pilot's
 * mistakes (docs/domain/pilot-findings.md). Only the vocabulary is shared with the reader — its screen ids, so the two
 * can be compared —, never its transitions or its guidance table.
 */
export type ModelScreen = ScreenStateId;

/** The consent screens in the order the reader asks them (the items are public, docs/domain/counter-flow.md#consent-screens; the order is modelled). */
export const CONSENT_ORDER: readonly ModelScreen[] = ["consent-drug", "consent-health-check", "consent-clinical", "consent-surgery", "consent-cost-cap", "consent-prescription"];

/** Screens that end a visit or tell the patient something: the patient picks their devices up when one shows. */
export function endsTheHold(screen: ModelScreen): boolean {
  return screen === "standby" || screen === "result" || screen.startsWith("error-") || screen.startsWith("guidance-");
}

/** Screens with only an OK button (errors, guidance but the iPhone's, the result): 戻る is not offered there. */
function okOnly(screen: ModelScreen): boolean {
  return screen === "result" || screen.startsWith("error-") || (screen.startsWith("guidance-") && screen !== "guidance-iphone-biometric");
}

/** Whether 戻る / 中止 takes the patient back to the top screen from `screen` (every step screen offers it). */
export function offersCancel(screen: ModelScreen): boolean {
  return screen !== "standby" && !okOnly(screen);
}

/** Whether OK (確認) is offered: errors, guidance, the result, the expiry alert and the PIN-locked notice. */
export function offersAcknowledge(screen: ModelScreen): boolean {
  return okOnly(screen) || screen === "guidance-iphone-biometric" || screen === "expiry-alert" || screen === "pin-locked";
}

/** Published codes and words (docs/domain/reader-models.md#screen-codes); Almex's read failure wording (#almex-no-chip-behaviour). */
export const PUBLISHED_WORDS: Readonly<Partial<Record<ModelScreen, { code?: string; title: string }>>> = Object.freeze({
  "error-001": { code: "001", title: "マイナンバーカードの認識不可" },
  "error-002": { code: "002", title: "マイナンバーカード以外" },
  "error-006": { code: "006", title: "利用者証明用電子証明書の失効・有効期限切れ" },
});

/** Almex's published wording of the paper-card read failure (docs/domain/reader-models.md#almex-no-chip-behaviour). */
export const ALMEX_READ_FAILED = "読み取りに失敗しました";

/** The phone button's label (docs/domain/counter-flow.md#phone-button). */
export const PHONE_BUTTON = "スマートフォンを利用する";
