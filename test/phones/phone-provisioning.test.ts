import { beforeAll, describe, expect, it } from "vitest";
import { ageOn, findPersona } from "../../sim/personas/index.ts";
import type { PhoneRegistry } from "../../sim/phones/index.ts";
import { androidPhone, iPhone, type PhoneWorld, phoneWorld, request, TEST_DATE } from "./phone-fixtures.ts";

let world: PhoneWorld;

beforeAll(async () => {
  world = await phoneWorld();
});

async function refusal(req: Parameters<PhoneRegistry["provision"]>[0]) {
  const result = await world.phones.provision(req);
  if (result.ok) throw new Error(`expected a refusal, got ${result.record.status} on ${result.record.phoneId}`);
  return result.refusal;
}

describe("adding the card to a phone: refusals", () => {
  it.each(["P0009", "P0010", "P0021"])("refuses %s, under 15 on the day, with the reason", async (id) => {
    expect(ageOn(findPersona(id), TEST_DATE)).toBeLessThan(15);
    const phone = androidPhone(`android-${id}`);
    const r = await refusal(request(phone, await world.cards.card(id)));
    expect(r.reason).toBe("under-15");
    expect(r.message).toMatch(/from 15/);
    expect(phone.state).toBe("blank");
  });

  it("accepts P0021 once 15 (the rule is the age on the day, not the persona)", async () => {
    const later = await phoneWorld(new Date("2026-01-05T00:00:00Z"));
    expect(ageOn(findPersona("P0021"), new Date("2026-01-05T00:00:00Z"))).toBe(15);
    const result = await later.phones.provision(request(androidPhone("android-P0021-later"), await later.cards.card("P0021")));
    expect(result.ok).toBe(true);
  });

  it("refuses a wrong signing password, and the card's own counter moves", async () => {
    const card = await world.cards.card("P0003");
    const phone = androidPhone("android-wrong-password");
    const r = await refusal(request(phone, card, { cardSignPassword: "WRONG999" }));
    expect(r).toMatchObject({ reason: "card-sign-password-wrong", triesLeft: 4 });
    expect(r.message).not.toContain("WRONG999");
    expect(card.pins.sign.triesLeft).toBe(4);
    expect(phone.state).toBe("blank");
    // The right password afterwards resets the card's counter and the card is added.
    expect((await world.phones.provision(request(phone, card))).ok).toBe(true);
    expect(card.pins.sign.triesLeft).toBe(5);
  });

  it("refuses a blocked signing password", async () => {
    const card = await world.cards.card("P0004");
    for (let i = 0; i < 5; i++) await world.phones.provision(request(androidPhone("android-blocked"), card, { cardSignPassword: "BAD000" }));
    expect(card.pins.sign.blocked).toBe(true);
    expect((await refusal(request(androidPhone("android-blocked"), card))).reason).toBe("card-sign-password-blocked");
  });

  it("refuses without health-insurance registration, before touching the card", async () => {
    const card = await world.cards.card("P0011");
    const r = await refusal(request(androidPhone("android-no-registration"), card, { healthInsuranceRegistered: false, cardSignPassword: "WRONG999" }));
    expect(r.reason).toBe("health-insurance-not-registered");
    expect(card.pins.sign.triesLeft).toBe(5);
  });

  it("refuses an iPhone without registered biometrics", async () => {
    const phone = iPhone("iphone-no-biometrics", { registeredBiometrics: [] });
    const r = await refusal(request(phone, await world.cards.card("P0012")));
    expect(r.reason).toBe("biometrics-not-registered");
  });

  it("refuses an iPhone without the card-face input PIN, and with a wrong one (the card's card-info counter moves)", async () => {
    const card = await world.cards.card("P0014");
    expect((await refusal(request(iPhone("iphone-no-pin"), card, { cardInfoPin: undefined }))).reason).toBe("card-info-pin-required");
    const r = await refusal(request(iPhone("iphone-wrong-pin"), card, { cardInfoPin: "9999" }));
    expect(r).toMatchObject({ reason: "card-info-pin-wrong", triesLeft: 2 });
    expect(card.pins.cardInfo.triesLeft).toBe(2);
  });

  it("refuses phones below the OS or model minimum with the reason", async () => {
    const card = await world.cards.card("P0015");
    const cases = [
      [iPhone("iphone-old-ios", { os: "18.4.1" }), "os-too-old", /iOS 18\.5/],
      [iPhone("iphone-x", { modelName: "iPhone X", os: "18.5" }), "model-unsupported", /iPhone XS/],
      [androidPhone("android-10", "Pixel 5", "10"), "os-too-old", /Android 11/],
    ] as const;
    for (const [phone, reason, message] of cases) {
      const r = await refusal(request(phone, card));
      expect(r.reason).toBe(reason);
      expect(r.message).toMatch(message);
    }
    expect(card.pins.sign.triesLeft).toBe(5);
  });

  it("refuses a phone PIN or password of the wrong format chosen for the phone", async () => {
    const card = await world.cards.card("P0015");
    expect((await refusal(request(androidPhone("android-bad-pin"), card, { phoneCredentials: { authPin: "12345" } }))).reason).toBe("phone-credentials-invalid");
    expect((await refusal(request(iPhone("iphone-bad-password"), card, { phoneCredentials: { signPassword: "short" } }))).reason).toBe("phone-credentials-invalid");
  });

  it.each([
    ["P0006", "card-certificate-expired"],
    ["P0007", "card-certificate-expired"],
    ["P0008", "card-certificate-revoked"],
  ] as const)("refuses %s, whose card certificate is %s (no grace for adding to a phone)", async (id, reason) => {
    expect((await refusal(request(androidPhone(`android-${id}`), await world.cards.card(id)))).reason).toBe(reason);
  });

  it("gives the phone its own certificates, separate from the card's, valid until the card certificate's end", async () => {
    const card = await world.cards.card("P0020");
    const result = await world.phones.provision(request(androidPhone("android-own-certs"), card));
    if (!result.ok) throw new Error(result.refusal.message);
    const { certificates } = result.record;
    expect(certificates.auth.serialNumber).not.toBe(card.authCertificate.serialNumber);
    expect(certificates.auth.publicKey.equals(card.authCertificate.publicKey)).toBe(false);
    expect(certificates.auth.notBefore).toEqual(TEST_DATE);
    expect(certificates.auth.notAfter).toEqual(card.authCertificate.notAfter);
    expect(certificates.sign.notAfter).toEqual(card.signCertificate?.notAfter);
  });
});
