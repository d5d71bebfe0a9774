import type { ScreenStateId } from "./screen-machine.ts";

/** What to do when a phone cannot be read (docs/domain/fallbacks.md): first the hold, then the other ways to show eligibility. */
const PHONE_FALLBACK = [
  "スマートフォンをかざす位置を確認して、もう一度お試しください。",
  "読み取れない場合は、マイナンバーカード、資格確認書、またはマイナポータルの資格情報画面を受付でご提示ください。",
] as const;

/**
 * The lines under each screen's title: what the patient should do next. The codes and their words and Almex's
 * 「読み取りに失敗しました」 are public (docs/domain/reader-models.md); these guidance lines are modelled on docs/domain/fallbacks.md and §6.
 */
export const SCREEN_GUIDANCE: Readonly<Partial<Record<ScreenStateId, readonly string[]>>> = Object.freeze({
  standby: ["顔認証または暗証番号で本人確認を行います。"],
  "error-001": ["カードを置き直してください。", "読み取れない場合は受付にお申し出ください。"],
  "error-002": ["マイナンバーカードを置いてください。"],
  "error-006": ["お住まいの市区町村の窓口で電子証明書の更新を行ってください。", "受付にお申し出ください。"],
  "error-read-failed": ["カードを置き直してください。", "読み取れない場合は受付にお申し出ください。"],
  "error-system": ["受付にお申し出ください。"],
  "guidance-timeout": ["もう一度最初から操作してください。"],
  "guidance-operate-first": ["スマートフォンをかざす前に、画面で「スマートフォンを利用する」を押し、機種を選んでください。"],
  "guidance-phone-on-card-antenna": ["カードの置き場所ではスマートフォンを読み取れません。", "となりの汎用カードリーダーにかざしてください。"],
  "guidance-phone-read-failed": PHONE_FALLBACK,
  "guidance-iphone-biometric": ["パスコードでは代わりになりません。", ...PHONE_FALLBACK.slice(1)],
  "face-locked": ["顔認証に10回失敗しました。"],
  "pin-locked": ["暗証番号の再設定はお住まいの市区町村の窓口で行えます。"],
  "paper-card-reading": ["カードのICチップを読み取れませんでした。"],
  "phone-hold": ["iPhoneの場合は、先にFace IDまたはTouch IDで認証してください。"],
});
