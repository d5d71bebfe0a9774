import type { CardSetting, DeviceSetting, GeneralPurposeSetting, PhoneSetting, ScenarioSetting, ScenarioStep } from "../scenario-entry.ts";
import { DEFAULT_CREDENTIALS } from "../../../sim/personas/index.ts";

/** The listed general-purpose reader, set up by the FACR maker's procedure (docs/domain/counter-flow.md#phone-button). */
export const RC_S300P: GeneralPurposeSetting = { model: "rc-s300-p", setUp: "maker-procedure" };
/** An iPhone 15 on iOS 18.5 with Face ID registered. */
export const IPHONE: PhoneSetting = { kind: "iphone", model: "iPhone 15", os: "18.5" };
/** A Pixel 8 on Android 14. */
export const ANDROID: PhoneSetting = { kind: "android", model: "Pixel 8", os: "14" };
/** A My Number Card. */
export const CARD: CardSetting = { kind: "card" };

/** A clinic with a Panasonic reader and the RC-S300/P beside it. */
export function clinic(device: DeviceSetting, persona: string, extra: Partial<ScenarioSetting> = {}): ScenarioSetting {
  return { facility: "clinic", reader: "panasonic-xc-stfr1j-mn", generalPurposeReader: RC_S300P, device, persona, ...extra };
}

/** The Android steps up to the hold: phone button, OS, PIN on the reader (docs/domain/counter-flow.md#phone-steps). */
export function androidUpToHold(pin: string = DEFAULT_CREDENTIALS.authPin): ScenarioStep[] {
  return [{ do: "press-phone-button" }, { do: "choose-os", os: "android" }, { do: "enter-pin", pin }];
}

/** The iPhone steps up to the hold: phone button, OS, Face ID on the phone. */
export function iphoneUpToHold(): ScenarioStep[] {
  return [{ do: "press-phone-button" }, { do: "choose-os", os: "iphone" }, { do: "biometric", kind: "face" }];
}

/** The phone held on the general-purpose reader, then the consent screens. */
export const HOLD_AND_CONSENT: ScenarioStep[] = [{ do: "hold", on: "general-purpose" }, { do: "consent" }];

/** A card visit by PIN on the reader's own antenna. */
export function cardByPin(pin: string = DEFAULT_CREDENTIALS.authPin): ScenarioStep[] {
  return [{ do: "hold", on: "card-antenna" }, { do: "choose-pin" }, { do: "enter-pin", pin }, { do: "consent" }];
}

/** Titles of the guidance screens (sim/readers/face-auth/screen-machine.ts). */
export const G = {
  operateFirst: "先に画面の「スマートフォンを利用する」を押してください",
  cardAntenna: "スマートフォンは汎用カードリーダーにかざしてください",
  readFailed: "スマートフォンを読み取れませんでした",
  biometric: "iPhoneで顔認証（Face ID）または指紋認証（Touch ID）を行ってから、もう一度かざしてください",
  timeout: "一定時間操作がなかったため、最初の画面に戻ります",
} as const;

/** The result file of an answered qualification with a valid eligibility. */
export const ANSWERED = { status: "1", validity: "1" } as const;
