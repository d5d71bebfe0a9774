import type { ScenarioEntry } from "../scenario-entry.ts";
import { ANDROID, androidUpToHold, ANSWERED, cardByPin, clinic, CARD, HOLD_AND_CONSENT, RC_S300P } from "./common-settings.ts";

const NOTICE = { page: "docs/domain/counter-flow.md#phone-button", public: "notice-0918 (when the button appears)", status: "public" } as const;

/** The counter's set-up: general-purpose reader, restarts, listed models, Canon, the reader's own faults. */
export const COUNTER_SETUP_ENTRIES: readonly ScenarioEntry[] = [
  {
    id: "GP-READER-NOT-SET-UP",
    title: "No general-purpose reader set up: the phone button is not shown",
    japanese: "「スマートフォンを利用する」が表示されない",
    source: NOTICE,
    setting: clinic(ANDROID, "P0004", { generalPurposeReader: { model: "rc-s300-p", setUp: "not-set-up" } }),
    steps: [{ do: "press-phone-button" }],
    expected: { phoneButton: false, resultFile: "none", fallback: "physical-card", usageCounted: false },
    rules: ["phone-button-needs-general-purpose-reader"],
  },
  {
    id: "GP-READER-NOT-RESTARTED",
    title: "General-purpose reader connected but terminal and reader not restarted: no phone button",
    japanese: "資格確認端末と顔認証付きカードリーダーの再起動が必要",
    source: NOTICE,
    setting: clinic(ANDROID, "P0004", { generalPurposeReader: { model: "rc-s300-p", setUp: "not-restarted" } }),
    steps: [{ do: "press-phone-button" }],
    expected: { phoneButton: false, resultFile: "none", fallback: "physical-card", usageCounted: false },
  },
  {
    id: "GP-READER-RESTARTED-IN-ORDER",
    title: "After restarting the terminal and the reader the phone button appears and the read completes",
    japanese: "再起動後に「スマートフォンを利用する」が表示される",
    source: NOTICE,
    setting: clinic(ANDROID, "P0004", { generalPurposeReader: { model: "rc-s300-p", setUp: "not-restarted" } }),
    steps: [{ do: "restart", what: "terminal" }, { do: "restart", what: "reader" }, ...androidUpToHold(), ...HOLD_AND_CONSENT],
    expected: { phoneButton: true, resultFile: ANSWERED, fallback: "none", usageCounted: true },
  },
  {
    id: "GP-READER-NOT-LISTED",
    title: "A general-purpose reader not listed for the face-auth reader: no phone button",
    japanese: "顔認証付きカードリーダーに対応した汎用カードリーダーではない",
    source: { page: "docs/domain/rules.md#general-purpose-reader", public: "notice-0918 §2 (listed models; lists modelled)", status: "modelled" },
    setting: clinic(ANDROID, "P0004", { generalPurposeReader: { model: "short-apdu-only", setUp: "maker-procedure" } }),
    steps: [{ do: "press-phone-button" }],
    expected: { phoneButton: false, resultFile: "none", fallback: "physical-card", usageCounted: false },
    rules: ["listed-general-purpose-reader-only"],
  },
  {
    id: "CANON-WITHOUT-GP-READER",
    title: "Canon reader without a general-purpose reader reads the phone on its own antenna",
    japanese: "スマートフォンをこのカードリーダーにかざしてください",
    source: { page: "docs/domain/counter-flow.md#canon-readers", public: "notice-0918 (Canon)", status: "public" },
    setting: { facility: "pharmacy", reader: "canon-facr", generalPurposeReader: { model: "none", setUp: "not-set-up" }, device: ANDROID, persona: "P0004" },
    steps: [...androidUpToHold(), { do: "hold", on: "card-antenna" }, { do: "consent" }],
    expected: { phoneButton: true, notScreens: ["guidance-phone-on-card-antenna"], resultFile: ANSWERED, fallback: "none", usageCounted: true },
  },
  {
    id: "READER-BLINKING-RED",
    title: "Reader blinking red: power-cycling in the wrong order does not help, the published order does",
    japanese: "カードリーダーが赤く点滅 → リーダー電源OFF → PC電源OFF → リーダー電源ON → PC電源ON",
    source: { page: "docs/domain/reader-models.md#power-cycle-recovery", public: "vendor-faq", status: "unverified" },
    setting: clinic(CARD, "P0001", { readerFault: "blinking-red" }),
    steps: [
      { do: "hold", on: "card-antenna" },
      { do: "power-cycle", order: ["pc-off", "reader-off", "pc-on", "reader-on"] },
      { do: "take-away" },
      { do: "power-cycle", order: ["reader-off", "pc-off", "reader-on", "pc-on"] },
      ...cardByPin(),
    ],
    expected: { screens: ["card-reading", "method-choice", "result"], resultFile: ANSWERED, fallback: "none", usageCounted: true },
  },
  {
    id: "GP-READER-LISTED-MODEL",
    title: "The listed RC-S300/P reads an Android phone placed well (reader set-up baseline)",
    japanese: "汎用カードリーダー（SONY RC-S300/P）",
    source: { page: "docs/domain/reader-models.md#general-purpose-reader", public: "ccid-readers, notice-0918", status: "public" },
    setting: clinic(ANDROID, "P0013", { generalPurposeReader: RC_S300P }),
    steps: [...androidUpToHold(), ...HOLD_AND_CONSENT],
    expected: { resultFile: { status: "1" }, usageCounted: true, fallback: "none" },
  },
];
