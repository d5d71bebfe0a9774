import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../../../sim/apdu/hex.ts";
import type { CardRegistry } from "../../../sim/cards/index.ts";
import { KeyStore } from "../../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, PhoneRegistry, type PhoneToken } from "../../../sim/phones/index.ts";
import { CANON_FACR, ManualClock, PANASONIC_XC_STFR1J_MN, READER_MODELS, type ReaderProfile } from "../../../sim/readers/face-auth/index.ts";
import { CounterRig, deviceSignatureVerifies, REFERENCE_DATE, referenceCards } from "./counter-rig.ts";

const DAY = 86_400_000;
let cards: CardRegistry;
let phones: PhoneRegistry;
/** The clock the iPhones' authorisation windows run on (never advanced past a window here). */
const phoneClock = new ManualClock(REFERENCE_DATE.getTime());
const iphones = new Map<string, IPhoneToken>();
const androids = new Map<string, AndroidPhoneToken>();
let rig: CounterRig | undefined;

async function provision(phone: PhoneToken, personaId: string): Promise<void> {
  const card = await cards.card(personaId);
  const result = await phones.provision({ phone, card, cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true, now: REFERENCE_DATE });
  if (!result.ok) throw new Error(`provisioning ${personaId} refused: ${result.refusal.reason}`);
}

function iphoneOf(personaId: string): IPhoneToken {
  const p = iphones.get(personaId);
  if (!p) throw new Error(`no iPhone for ${personaId}`);
  return p;
}

function androidOf(personaId: string): AndroidPhoneToken {
  const p = androids.get(personaId);
  if (!p) throw new Error(`no Android phone for ${personaId}`);
  return p;
}

beforeAll(async () => {
  cards = referenceCards();
  phones = new PhoneRegistry({ authority: await cards.authority(), keyStore: KeyStore.shared(), clock: () => REFERENCE_DATE.getTime() });
  for (const id of ["P0001", "P0004"]) {
    const phone = new IPhoneToken({ id: `iphone-${id}`, model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"], clock: () => phoneClock.now() });
    await provision(phone, id);
    iphones.set(id, phone);
  }
  for (const id of ["P0002", "P0003", "P0005", "P0013"]) {
    const phone = new AndroidPhoneToken({ id: `android-${id}`, model: phoneModel("Pixel 8", "14") });
    await provision(phone, id);
    androids.set(id, phone);
  }
});

afterEach(async () => {
  await rig?.close();
  rig = undefined;
  for (const p of [...iphones.values(), ...androids.values()]) {
    p.leaveField();
    if (p instanceof IPhoneToken) p.authorisation.close();
  }
});

function counter(profile: ReaderProfile, options: { clock?: ManualClock } = {}): CounterRig {
  // Canon needs no general-purpose reader: leave it out to show it.
  rig = CounterRig.create(profile, { cards, generalPurposeReader: !profile.readsPhonesItself, ...options });
  return rig;
}

/** Where the patient should hold the phone on this model. */
function phonePort(r: CounterRig, profile: ReaderProfile) {
  return profile.readsPhonesItself ? r.slot : r.gp;
}

function sameCertificate(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(b);
}

describe.each(READER_MODELS.map((m) => [m.model, m] as const))("%s with a phone, over socket carriers", (_name, profile) => {
  it("iPhone: button → iPhone → Face ID on the phone → tap → consent → result, with the phone's certificate for the persona", async () => {
    const r = counter(profile);
    const phone = iphoneOf("P0001");
    expect(r.reader.choosePhone()).toBe(true);
    expect(r.reader.chooseOs("iphone")).toBe(true);
    expect(r.reader.state).toBe("phone-hold");
    expect(phone.performBiometric("face")).toMatchObject({ ok: true });
    await r.hold(phone, phonePort(r, profile));
    const result = await r.consentAll();
    expect(result.proof).toMatchObject({ deviceKind: "iphone", method: "biometric" });
    expect(phones.phoneOf("P0001")?.phone).toBe(phone);
    expect(sameCertificate(result.proof.certificate, phones.phoneOf("P0001")!.certificates.auth.der)).toBe(true);
    expect(deviceSignatureVerifies(result)).toBe(true);
    const commands = r.trace.entries.filter((e) => e.direction === "command").map((e) => toHex(e.bytes));
    expect(commands.at(-1)).toBe("80FC0000");
    expect(phone.commandsOutOfField).toBe(0);
  });

  it("Android: button → Android → PIN typed on the reader → tap → VERIFY on the phone → consent → result", async () => {
    const r = counter(profile);
    const phone = androidOf("P0002");
    r.reader.choosePhone();
    r.reader.chooseOs("android");
    expect(r.reader.state).toBe("android-pin-entry");
    expect(r.reader.enterPin("1234")).toBe(true);
    expect(r.reader.state).toBe("phone-hold");
    await r.hold(phone, phonePort(r, profile));
    const result = await r.consentAll({ prescription: "paper" });
    expect(result.proof).toMatchObject({ deviceKind: "android", method: "pin" });
    expect(sameCertificate(result.proof.certificate, phones.phoneOf("P0002")!.certificates.auth.der)).toBe(true);
    expect(deviceSignatureVerifies(result)).toBe(true);
    expect(phone.pins?.auth.triesLeft).toBe(3);
    const verify = r.trace.entries.find((e) => e.direction === "command" && e.bytes[1] === 0x20);
    expect(verify?.redacted).toBeDefined();
    expect(r.trace.toText().replaceAll(" ", "")).not.toMatch(/0020008004313233/);
  });

  it("iPhone refused before the biometric act: guidance, then the act and another tap go through", async () => {
    const r = counter(profile);
    const phone = iphoneOf("P0004");
    r.reader.choosePhone();
    r.reader.chooseOs("iphone");
    await r.hold(phone, phonePort(r, profile));
    await r.expectState("guidance-iphone-biometric");
    expect(r.reader.screen().title).toMatch(/Face ID/);
    expect(r.reader.screen().lines.join()).toMatch(/資格確認書/);
    expect(phone.performPasscode()).toMatchObject({ ok: false });
    expect(phone.performBiometric("face")).toMatchObject({ ok: true });
    expect(r.reader.retry()).toBe(true);
    const result = await r.consentAll();
    expect(result.proof.method).toBe("biometric");
  });

  it("a phone held before 「スマートフォンを利用する」 was chosen ends in guidance, and the read then goes through", async () => {
    const r = counter(profile);
    const phone = androidOf("P0003");
    await r.hold(phone, phonePort(r, profile));
    await r.expectState("guidance-operate-first");
    expect(r.reader.screen().lines.join()).toContain("「スマートフォンを利用する」");
    expect(r.reader.choosePhone()).toBe(true);
    r.reader.chooseOs("android");
    r.reader.enterPin("1234");
    const result = await r.consentAll();
    expect(result.proof.deviceKind).toBe("android");
  });

  it("a wrong Android PIN comes back to the PIN screen with the tries left; the right one goes through", async () => {
    const r = counter(profile);
    const phone = androidOf("P0013");
    r.reader.choosePhone();
    r.reader.chooseOs("android");
    r.reader.enterPin("0000");
    await r.hold(phone, phonePort(r, profile));
    await r.expectState("android-pin-entry");
    expect(r.reader.screen().lines.join()).toContain("残り2回");
    r.reader.enterPin("1234");
    await r.consentAll();
    expect(phone.pins?.auth.triesLeft).toBe(3);
  });
});

describe.each(READER_MODELS.filter((m) => !m.readsPhonesItself).map((m) => [m.model, m] as const))("%s: a phone on the reader's own antenna", (_name, profile) => {
  it("instead of the general-purpose reader, after choosing the phone: guidance to the general-purpose reader", async () => {
    const r = counter(profile);
    const phone = iphoneOf("P0001");
    r.reader.choosePhone();
    r.reader.chooseOs("iphone");
    phone.performBiometric("face");
    await r.hold(phone, r.slot);
    await r.expectState("guidance-phone-on-card-antenna");
    expect(r.reader.screen().lines.join()).toContain("汎用カードリーダー");
  });

  it("on the top screen, as if it were a card: guidance to the general-purpose reader, not an error code", async () => {
    const r = counter(profile);
    await r.hold(androidOf("P0002"), r.slot);
    await r.expectState("guidance-phone-on-card-antenna");
    expect(r.reader.screen().code).toBeUndefined();
    r.reader.acknowledge();
    expect(r.reader.state).toBe("standby");
  });
});

describe("phones: Canon's own antenna, certificates and failures", () => {
  it("Canon: a phone on its antenna on the top screen asks to operate the screen first", async () => {
    const r = counter(CANON_FACR);
    await r.hold(androidOf("P0002"), r.slot);
    await r.expectState("guidance-operate-first");
  });

  it("a phone certificate has no grace: P0005's phone 60 days on is 006 while the card still reads (in grace)", async () => {
    const later = new ManualClock(REFERENCE_DATE.getTime() + 60 * DAY);
    const r = counter(PANASONIC_XC_STFR1J_MN, { clock: later });
    r.reader.choosePhone();
    r.reader.chooseOs("android");
    r.reader.enterPin("1234");
    await r.hold(androidOf("P0005"), r.gp);
    await r.expectState("error-006");
    await r.remove(r.gp);
    r.reader.acknowledge();
    await r.hold(await cards.card("P0005"));
    await r.expectState("expiry-alert");
  });

  it("an expiring phone certificate shows the alert, then the consent screens", async () => {
    const r = counter(PANASONIC_XC_STFR1J_MN);
    r.reader.choosePhone();
    r.reader.chooseOs("android");
    r.reader.enterPin("1234");
    await r.hold(androidOf("P0005"), r.gp);
    await r.expectState("expiry-alert");
    r.reader.acknowledge();
    const result = await r.consentAll();
    expect(result.expiry.status).toBe("expiring");
  });

  it("no tap within the hold time-out, and a phone taken away mid-read: hold-position guidance with the fallbacks", async () => {
    const r = counter(PANASONIC_XC_STFR1J_MN);
    r.reader.choosePhone();
    r.reader.chooseOs("iphone");
    r.clock.advance(r.reader.profile.timeouts.phoneHoldMs);
    expect(r.reader.state).toBe("guidance-phone-read-failed");
    expect(r.reader.screen().lines.join()).toMatch(/かざす位置.*マイナンバーカード、資格確認書、またはマイナポータル/);
    r.reader.acknowledge();
    r.reader.choosePhone();
    r.reader.chooseOs("iphone");
    const phone = iphoneOf("P0001");
    phone.performBiometric("face");
    const url = await r.urlOf(phone);
    phone.enterField();
    // The phone leaves the field as soon as the reader starts reading it (a tap too short for the read).
    const leave = (): void => {
      void r.gp.remove();
      phone.leaveField();
    };
    r.reader.once("screen", (view) => {
      if (view.state === "phone-reading") leave();
    });
    await r.gp.hold(url);
    await r.expectState("guidance-phone-read-failed");
    expect(r.reader.lastProblem?.detail).toMatch(/removed|6F00/);
  });
});
