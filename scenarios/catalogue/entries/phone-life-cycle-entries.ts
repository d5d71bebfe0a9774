import type { ScenarioEntry } from "../scenario-entry.ts";
import { ANDROID, androidUpToHold, ANSWERED, clinic, G, HOLD_AND_CONSENT, IPHONE } from "./common-settings.ts";
import { DEFAULT_CREDENTIALS } from "../../../sim/personas/index.ts";

const GUIDE = (q: string) => ({ page: "docs/domain/rules.md", public: `guide-qa ${q}`, status: "public" }) as const;

/** Adding the card to a phone and the phone's life cycle (docs/domain/rules.md). */
export const PHONE_LIFE_CYCLE_ENTRIES: readonly ScenarioEntry[] = [
  {
    id: "IPHONE-NO-BIOMETRICS-REGISTERED",
    title: "iPhone without Face ID / Touch ID registered: the card cannot be added",
    japanese: "Face ID / Touch ID を登録してください",
    source: { page: "docs/domain/rules.md#prerequisites", public: "guide-qa (事前準備), mhlw-slides", status: "public" },
    setting: clinic({ kind: "iphone", model: "iPhone 15", os: "18.5", biometrics: [] }, "P0002"),
    steps: [],
    expected: { provision: "biometrics-not-registered" },
  },
  {
    id: "SIGN-PASSWORD-UNKNOWN",
    title: "Signing password unknown when adding the card to the phone (patients gave up)",
    japanese: "署名用電子証明書のパスワードが違います",
    source: { page: "docs/domain/pilot-findings.md#staff-feedback", public: "mhlw-slides (pilot: signing password unknown)", status: "public" },
    setting: clinic({ ...ANDROID, cardAdded: false }, "P0004"),
    steps: [{ do: "add-card-to-phone", signPassword: "GUESS1234" }],
    expected: { provision: "card-sign-password-wrong" },
  },
  {
    id: "UNDER-15-PHONE",
    title: "A 13-year-old tries to add the card to a phone",
    japanese: "15歳未満の方はスマートフォンに搭載できません",
    source: GUIDE("Q17; mhlw-slides (age 15+)"),
    setting: clinic({ ...ANDROID, cardAdded: false }, "P0010"),
    steps: [{ do: "add-card-to-phone" }],
    expected: { provision: "under-15" },
    rules: ["under-15-refused"],
  },
  {
    id: "ONE-PHONE-TWO-PEOPLE",
    title: "A parent adds a second person's card to a phone that already holds one",
    japanese: "1台のスマートフォンに搭載できるのは1人分のみです",
    source: GUIDE("Q17"),
    setting: clinic(ANDROID, "P0004"),
    steps: [{ do: "add-card-to-phone", persona: "P0001" }],
    expected: { provision: "phone-holds-another-person" },
    rules: ["one-person-per-phone"],
  },
  {
    id: "SECOND-PHONE-OLD-ONE-HELD",
    title: "The card added to a second phone; the old phone is held at the counter",
    japanese: "スマートフォンを読み取れませんでした（機種変更前の端末）",
    source: GUIDE("Q19; mhlw-slides (one phone per person)"),
    setting: clinic(ANDROID, "P0004"),
    steps: [{ do: "add-card-to-phone", phone: "second-phone" }, ...androidUpToHold(), { do: "hold", on: "general-purpose" }],
    expected: { provision: "ok", stoppedOn: "guidance-phone-read-failed", guidance: [G.readFailed], resultFile: "none", fallback: "physical-card", usageCounted: false },
    rules: ["one-phone-per-person"],
  },
  {
    id: "SECOND-PHONE-NEW-ONE-READS",
    title: "The card added to a second phone: the new phone reads",
    japanese: "受付が完了しました（機種変更後の端末）",
    source: GUIDE("Q19"),
    setting: clinic(ANDROID, "P0004"),
    steps: [{ do: "add-card-to-phone", phone: "second-phone" }, ...androidUpToHold(), { do: "hold", device: "second-phone", on: "general-purpose" }, { do: "consent" }],
    expected: { provision: "ok", resultFile: ANSWERED, fallback: "none", usageCounted: true },
  },
  {
    id: "LOST-PHONE-SUSPENDED",
    title: "A lost phone suspended through the hotline is held at the counter",
    japanese: "マイナンバー総合フリーダイヤル 0120-95-0178 で一時停止",
    source: GUIDE("Q20"),
    setting: clinic(IPHONE, "P0002"),
    steps: [{ do: "call-hotline" }, { do: "press-phone-button" }, { do: "choose-os", os: "iphone" }, { do: "biometric" }, { do: "hold", on: "general-purpose" }],
    expected: { stoppedOn: "guidance-phone-read-failed", resultFile: "none", fallback: "physical-card", usageCounted: false },
  },
  {
    id: "PHONE-CERT-EXPIRED-NO-GRACE",
    title: "Phone certificate expired: no grace for a phone (the card beside it would still work)",
    japanese: "利用者証明用電子証明書の失効・有効期限切れ（スマートフォンに猶予期間なし）",
    source: { page: "docs/domain/rules.md#certificate-expiry", public: "notice-0918 note 2, mhlw-slides", status: "public" },
    setting: clinic({ ...ANDROID, addedDaysBeforeExpiry: 30 }, "P0006"),
    steps: [...androidUpToHold(), ...HOLD_AND_CONSENT],
    expected: { stoppedOn: "error-006", notScreens: ["expiry-alert", "result"], resultFile: "none", fallback: "eligibility-certificate", usageCounted: false },
    rules: ["phone-no-grace"],
  },
  {
    id: "CARD-CERT-IN-GRACE",
    title: "Card certificate expired within the 3-month grace: alert, then qualification works",
    japanese: "利用者証明用電子証明書の有効期限をご確認ください",
    source: { page: "docs/domain/rules.md#certificate-expiry", public: "notice-0918 illustration, mhlw-slides", status: "public" },
    setting: clinic({ kind: "card" }, "P0006"),
    steps: [{ do: "hold", on: "card-antenna" }, { do: "acknowledge" }, { do: "choose-pin" }, { do: "enter-pin", pin: DEFAULT_CREDENTIALS.authPin }, { do: "consent" }],
    expected: { screens: ["card-reading", "expiry-alert", "method-choice", "consent-drug", "result"], resultFile: { status: "1" }, fallback: "none", usageCounted: true },
  },
];
