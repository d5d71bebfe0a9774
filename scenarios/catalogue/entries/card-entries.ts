import type { ScenarioEntry } from "../scenario-entry.ts";
import { ANSWERED, cardByPin, clinic } from "./common-settings.ts";
import { DEFAULT_CREDENTIALS } from "../../../sim/personas/index.ts";

const CODES = { page: "docs/domain/reader-models.md#screen-codes", public: "press / vendor-faq (published error codes)", status: "unverified" } as const;

/** Card reads: the published codes, revocation, face lock (docs/domain/reader-models.md, docs/domain/rules.md). */
export const CARD_ENTRIES: readonly ScenarioEntry[] = [
  {
    id: "CARD-READ-PIN",
    title: "My Number Card read with the PIN (baseline)",
    japanese: "暗証番号（数字4桁）を入力してください → 受付が完了しました",
    source: { page: "docs/domain/counter-flow.md#card-flow", public: "mhlw-slides", status: "public" },
    setting: clinic({ kind: "card" }, "P0001"),
    steps: cardByPin(),
    expected: { screens: ["card-reading", "method-choice", "card-pin-entry", "card-pin-verifying", "consent-drug", "result"], resultFile: ANSWERED, fallback: "none", usageCounted: true },
  },
  {
    id: "CARD-REVOKED",
    title: "Card certificate revoked: the reader reads it, the service refuses; nothing counted",
    japanese: "資格確認できませんでした（証明書失効）",
    source: { page: "docs/domain/rules.md#revocation", public: "guide-qa Q18; notice-0918 note 1 (usage only on success)", status: "public" },
    setting: clinic({ kind: "card" }, "P0008"),
    steps: cardByPin(),
    expected: { screens: ["card-reading", "result"], resultFile: { status: "2" }, fallback: "eligibility-certificate", usageCounted: false },
    rules: ["usage-counted-only-on-success"],
  },
  {
    id: "CARD-NOT-MY-NUMBER-002",
    title: "Another IC card placed on the reader",
    japanese: "002 マイナンバーカード以外",
    source: CODES,
    setting: clinic({ kind: "card", chip: "other-ic-card" }, "P0001"),
    steps: [{ do: "hold", on: "card-antenna" }],
    expected: { stoppedOn: "error-002", resultFile: "none", fallback: "eligibility-certificate", usageCounted: false },
  },
  {
    id: "CARD-NOT-RECOGNISED-001",
    title: "A card whose chip answers nothing sensible",
    japanese: "001 マイナンバーカードの認識不可",
    source: CODES,
    setting: clinic({ kind: "card", chip: "no-chip" }, "P0001"),
    steps: [{ do: "hold", on: "card-antenna" }],
    expected: { stoppedOn: "error-001", resultFile: "none", fallback: "eligibility-certificate", usageCounted: false },
    notThrough: {
      pcscd: "vpcd cannot carry a chip that answers nothing: the card side must answer a frame (6F00, which the reader takes for 'not a My Number Card') or vpcd drops the card from pcscd (a removal, not an unreadable card)",
    },
  },
  {
    id: "CARD-CERT-EXPIRED-006",
    title: "Card certificate expired beyond the 3-month grace",
    japanese: "006 利用者証明用電子証明書の失効・有効期限切れ",
    source: CODES,
    setting: clinic({ kind: "card" }, "P0007"),
    steps: [{ do: "hold", on: "card-antenna" }],
    expected: { stoppedOn: "error-006", resultFile: "none", fallback: "eligibility-certificate", usageCounted: false },
  },
  {
    id: "FACE-MATCH-LOCKED",
    title: "Face match fails 10 times: face authentication locks; staff visual check completes it",
    japanese: "顔認証がロックされました。暗証番号を入力するか、職員にお申し出ください",
    source: { page: "docs/domain/reader-models.md#face-match-lock", public: "tbs-news, jpki-faq", status: "unverified" },
    setting: clinic({ kind: "card" }, "P0003"),
    steps: [{ do: "hold", on: "card-antenna" }, { do: "choose-face" }, { do: "face-score", score: 0.3, times: 10 }, { do: "staff-visual-check" }, { do: "consent" }],
    expected: { screens: ["face-match", "face-locked", "card-attesting", "result"], resultFile: ANSWERED, fallback: "none", usageCounted: true },
  },
  {
    id: "CARD-TAKEN-AWAY-WHILE-VERIFYING",
    title: "Card taken off the reader right after the PIN",
    japanese: "001 マイナンバーカードの認識不可",
    source: { page: "docs/domain/read-failures.md#radio", public: "did2memo", status: "modelled" },
    setting: clinic({ kind: "card" }, "P0001"),
    steps: [{ do: "hold", on: "card-antenna" }, { do: "choose-pin" }, { do: "take-away" }, { do: "enter-pin", pin: DEFAULT_CREDENTIALS.authPin }],
    expected: { stoppedOn: "error-001", resultFile: "none", fallback: "eligibility-certificate", usageCounted: false },
  },
  {
    id: "CHALLENGE-REPLAYED",
    title: "The terminal sends the same read twice: the replayed signature is refused",
    japanese: "二重送信（同じチャレンジ）",
    source: { page: "docs/domain/rules.md", public: "modelled (single-use challenge of the emulated service)", status: "modelled" },
    setting: clinic({ kind: "card" }, "P0001"),
    steps: [...cardByPin(), { do: "resend-last-read" }],
    expected: { resultFile: { status: "2" }, usageCounted: true },
    rules: ["challenge-single-use"],
  },
  {
    id: "SERVICE-UNAVAILABLE-SELF-DECLARATION",
    title: "Online qualification impossible, first visit, nothing to show: self-declaration and the 不詳 receipt",
    japanese: "被保険者資格申立書 → 不詳レセプト（保険者番号 77777777）",
    source: { page: "docs/domain/fallbacks.md#online-check-impossible", public: "mhlw-slides (資料2 claim order), notice-0918", status: "public" },
    setting: clinic({ kind: "card" }, "P0001", { service: "down", visit: { firstVisit: true, documents: false } }),
    steps: cardByPin(),
    expected: { stoppedOn: "error-system", resultFile: "none", fallback: "self-declaration", receiptInsuredNumber: "77777777", usageCounted: false },
  },
  {
    id: "SERVICE-UNAVAILABLE-NOTICE-WITH-CARD",
    title: "Online qualification impossible, the patient shows the card with 資格情報のお知らせ",
    japanese: "資格情報のお知らせ ＋ マイナンバーカード",
    source: { page: "docs/domain/fallbacks.md#online-check-impossible", public: "mhlw-slides, notice-0918 illustration", status: "public" },
    setting: clinic({ kind: "card" }, "P0001", { service: "down" }),
    steps: cardByPin(),
    expected: { stoppedOn: "error-system", resultFile: "none", fallback: "qualification-notice-with-card", usageCounted: false },
  },
];
