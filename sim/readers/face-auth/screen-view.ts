import type { ReaderProfile } from "./reader-profile.ts";
import type { ReaderSession } from "./reader-session.ts";
import { type ScreenKind, type ScreenStateId, screenState } from "./screen-machine.ts";
import { SCREEN_GUIDANCE } from "./screen-guidance.ts";

/** What the screen shows now. A PIN is never part of it. */
export interface ScreenView {
  /** The machine state behind the screen. */
  state: ScreenStateId;
  kind: ScreenKind;
  /** The title in Japanese (the model's wording where it has its own). */
  title: string;
  /** Published error code, when the screen shows one. */
  code?: string;
  lines: string[];
  /** Buttons offered, in Japanese. */
  buttons: string[];
}

/** What {@link screenView} draws from besides the state. */
export interface ScreenViewContext {
  readonly profile: ReaderProfile;
  readonly session: Readonly<ReaderSession>;
  /** Whether the top screen shows 「スマートフォンを利用する」 (asked only on the top screen). */
  phoneButtonShown(): boolean;
}

/** Buttons of the screens whose buttons are not implied by their kind. */
const BUTTONS: Partial<Record<ScreenStateId, string[]>> = {
  "card-hold": ["戻る"],
  "expiry-alert": ["確認"],
  "method-choice": ["顔認証", "暗証番号", "戻る"],
  "face-match": ["暗証番号", "戻る"],
  "face-unavailable": ["暗証番号", "戻る"],
  "face-locked": ["暗証番号", "戻る"],
  "card-pin-entry": ["確定", "戻る"],
  "android-pin-entry": ["確定", "戻る"],
  "pin-locked": ["確認"],
  "os-choice": ["iPhone", "Android", "戻る"],
  "phone-hold": ["戻る"],
  "consent-prescription": ["電子処方箋", "紙の処方箋"],
  "guidance-iphone-biometric": ["もう一度かざす", "戻る"],
};

/**
 * The screen of state `id` as the patient sees it: the model's title, the error code, the guidance lines, what the
 * session adds (PIN tries left, face-match failures, the certificate's expiry date) and the buttons offered.
 */
export function screenView(id: ScreenStateId, context: ScreenViewContext): ScreenView {
  const { profile, session } = context;
  const state = screenState(id);
  const lines = [...(SCREEN_GUIDANCE[state.id] ?? [])];
  if (state.code) lines.unshift(`エラーコード：${state.code}`);
  if ((state.id === "card-pin-entry" || state.id === "android-pin-entry") && session.pinTriesLeft !== undefined) {
    lines.push(`暗証番号が違います。残り${session.pinTriesLeft}回`);
  }
  if (state.id === "face-match" && session.faceFailures > 0) lines.push(`顔認証に失敗しました（${session.faceFailures}/${profile.faceLockAfterFailures}回）`);
  if (state.id === "expiry-alert" && session.expiry) {
    const date = session.expiry.notAfter.toISOString().slice(0, 10);
    lines.push(session.expiry.status === "in-grace" ? `有効期限（${date}）が切れています。期限後3か月間は利用できます。` : `有効期限は${date}です。お早めに更新してください。`);
  }
  return { state: state.id, kind: state.kind, title: profile.wording[state.id] ?? state.title, ...(state.code ? { code: state.code } : {}), lines, buttons: buttonsOf(state.id, state.kind, context) };
}

/** The buttons of a screen: the phone button on top, yes/no on consents, OK on errors and guidance, else the table's. */
function buttonsOf(id: ScreenStateId, kind: ScreenKind, context: ScreenViewContext): string[] {
  if (id === "standby") return context.phoneButtonShown() ? ["スマートフォンを利用する"] : [];
  if (kind === "consent" && id !== "consent-prescription") return ["同意する", "同意しない"];
  if (kind === "error" || kind === "guidance") return ["確認"];
  return BUTTONS[id] ?? [];
}
