import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CardRegistry } from "../../../sim/cards/index.ts";
import { KeyStore } from "../../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, PhoneRegistry } from "../../../sim/phones/index.ts";
import { FaceAuthReader, ManualClock, PFU_CAORA, TerminalSettings } from "../../../sim/readers/face-auth/index.ts";
import { GeneralPurposeReader } from "../../../sim/readers/general-purpose/index.ts";
import { WsReaderPort } from "../../../sim/readers/ws-reader-port.ts";
import { REFERENCE_DATE, referenceCards } from "./counter-rig.ts";

let cards: CardRegistry;
let phones: PhoneRegistry;
let android: AndroidPhoneToken;
let iphone: IPhoneToken;
let reader: FaceAuthReader | undefined;
const gp = new GeneralPurposeReader();

beforeAll(async () => {
  cards = referenceCards();
  phones = new PhoneRegistry({ authority: await cards.authority(), keyStore: KeyStore.shared(), clock: () => REFERENCE_DATE.getTime() });
  android = new AndroidPhoneToken({ id: "gp-android", model: phoneModel("Pixel 8", "14") });
  iphone = new IPhoneToken({ id: "gp-iphone", model: phoneModel("iPhone 16", "18.5"), registeredBiometrics: ["face"] });
  for (const [phone, id] of [[android, "P0011"], [iphone, "P0012"]] as const) {
    const result = await phones.provision({ phone, card: await cards.card(id), cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true, now: REFERENCE_DATE });
    if (!result.ok) throw new Error(result.refusal.message);
  }
});

afterEach(() => {
  reader?.close();
  reader = undefined;
  gp.remove();
});

/** A Caora with the emulated RC-S300/P as its general-purpose reader, restarted after the set-up. */
function caora(): FaceAuthReader {
  const clock = new ManualClock(REFERENCE_DATE.getTime());
  const settings = new TerminalSettings({ clock });
  settings.configureGeneralPurposeReader(gp);
  settings.restartTerminal();
  reader = new FaceAuthReader({ profile: PFU_CAORA, cardSlot: new WsReaderPort("Caora card slot"), settings, clock, keyStore: KeyStore.shared() });
  reader.restart();
  return reader;
}

async function consentAll(r: FaceAuthReader): Promise<void> {
  await r.waitForState("consent-drug");
  for (let i = 0; i < 5; i++) r.consent(true);
  r.consent("electronic");
  expect(r.state).toBe("result");
}

describe("a face-auth reader with the emulated general-purpose reader (RC-S300/P) as its phone port", () => {
  it("reads an Android phone held for 2 s, PIN typed on the face-auth reader", async () => {
    const r = caora();
    expect(r.screen().buttons).toContain("スマートフォンを利用する");
    r.choosePhone();
    r.chooseOs("android");
    r.enterPin("1234");
    gp.hold(android, { holdMs: 2000 });
    await consentAll(r);
    expect(Buffer.from(r.result!.proof.certificate).equals(phones.phoneOf("P0011")!.certificates.auth.der)).toBe(true);
  });

  it("reads an iPhone after Face ID; a phone held before the button ends in guidance", async () => {
    const r = caora();
    gp.hold(iphone, { holdMs: 2000 });
    await r.waitForState("guidance-operate-first");
    gp.remove();
    r.choosePhone();
    r.chooseOs("iphone");
    iphone.performBiometric("face");
    gp.hold(iphone, { holdMs: 2000 });
    await consentAll(r);
    expect(r.result!.proof).toMatchObject({ deviceKind: "iphone", method: "biometric" });
  });
});
