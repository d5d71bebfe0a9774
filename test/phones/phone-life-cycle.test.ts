import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { StatusWord } from "../../sim/apdu/index.ts";
import { verifyCertificate } from "../../sim/pki/index.ts";
import { LOST_PHONE_HOTLINE, PHONE_CERTIFICATE_GRACE, type PhoneToken } from "../../sim/phones/index.ts";
import { androidPhone, iPhone, type PhoneWorld, phoneWorld, provisioned, request, SELECT_JPKI, send, TEST_DATE } from "./phone-fixtures.ts";

const DAY = 86_400_000;
let world: PhoneWorld;

beforeAll(async () => {
  world = await phoneWorld();
});

function revoked(phone: PhoneToken): { auth: boolean; sign: boolean } {
  const certificates = phone.certificates;
  if (!certificates) throw new Error(`${phone.id} has no certificates`);
  return { auth: world.authority.isRevoked("auth", certificates.auth.serialNumber), sign: world.authority.isRevoked("sign", certificates.sign.serialNumber) };
}

function selectJpki(phone: PhoneToken): number {
  phone.enterField();
  try {
    return send(phone, SELECT_JPKI).sw;
  } finally {
    phone.leaveField();
  }
}

describe("one phone per person", () => {
  it("adding the card to a second phone disables the first: SELECT JPKI 6A82, certificates revoked (superseded)", async () => {
    const first = await provisioned(world, androidPhone("android-first"), "P0001");
    expect(selectJpki(first)).toBe(StatusWord.OK);
    const second = iPhone("iphone-second");
    const result = await world.phones.provision(request(second, await world.cards.card("P0001")));
    if (!result.ok) throw new Error(result.refusal.message);
    expect(result.replaced).toMatchObject({ phoneId: "android-first", status: "replaced" });
    expect(first.state).toBe("replaced");
    expect(first.holder).toBeUndefined();
    expect(selectJpki(first)).toBe(StatusWord.FILE_NOT_FOUND);
    expect(revoked(first)).toEqual({ auth: true, sign: true });
    expect(world.authority.revocation("auth", first.certificates?.auth.serialNumber ?? "")?.reason).toBe("superseded");
    expect(selectJpki(second)).toBe(StatusWord.OK);
    expect(revoked(second)).toEqual({ auth: false, sign: false });
    expect(result.record.generation).toBe(2);
    expect(world.phones.phoneOf("P0001")?.phoneId).toBe("iphone-second");
  });

  it("a replaced iPhone cannot open its window any more", async () => {
    const old = await provisioned(world, iPhone("iphone-old"), "P0002");
    await provisioned(world, androidPhone("android-new"), "P0002");
    expect(old.performBiometric("face")).toMatchObject({ ok: false, reason: "no-card" });
  });
});

describe("one person per phone", () => {
  it("refuses a second person's card on a phone that holds one; the phone keeps the first", async () => {
    const phone = await provisioned(world, androidPhone("android-parent"), "P0003");
    const result = await world.phones.provision(request(phone, await world.cards.card("P0004")));
    expect(result).toMatchObject({ ok: false, refusal: { reason: "phone-holds-another-person" } });
    expect(phone.holder).toBe("P0003");
    expect(selectJpki(phone)).toBe(StatusWord.OK);
  });
});

describe("lost phone: the hotline suspends it", () => {
  it(`by persona (${LOST_PHONE_HOTLINE}): the token refuses and its certificates are revoked`, async () => {
    expect(LOST_PHONE_HOTLINE).toBe("0120-95-0178");
    const phone = await provisioned(world, androidPhone("android-lost"), "P0011");
    const result = world.phones.suspend("P0011");
    expect(result).toMatchObject({ ok: true, record: { status: "suspended", phoneId: "android-lost" } });
    expect(phone.state).toBe("suspended");
    expect(selectJpki(phone)).toBe(StatusWord.FILE_NOT_FOUND);
    expect(revoked(phone)).toEqual({ auth: true, sign: true });
    expect(world.authority.revocation("sign", phone.certificates?.sign.serialNumber ?? "")?.reason).toBe("keyCompromise");
    const verdict = await verifyCertificate(world.authority, "auth", phone.certificates?.auth.der ?? new Uint8Array(), { at: TEST_DATE });
    expect(verdict).toEqual({ ok: false, reason: "revoked" });
  });

  it("by phone ID; an iPhone's window closes and cannot reopen; unknown targets are refused", async () => {
    const phone = await provisioned(world, iPhone("iphone-stolen"), "P0012");
    phone.performBiometric("face");
    expect(world.phones.suspend("iphone-stolen").ok).toBe(true);
    expect(phone.authorisation.isOpen).toBe(false);
    expect(phone.performBiometric("face")).toMatchObject({ ok: false, reason: "no-card" });
    expect(world.phones.suspend("nobody")).toMatchObject({ ok: false, reason: "unknown" });
  });
});

describe("the phone's certificate follows the card's", () => {
  it("revoking the card's certificate at the authority revokes the phone's (sweep); the token still answers", async () => {
    const card = await world.cards.card("P0013");
    const phone = await provisioned(world, androidPhone("android-card-revoked"), "P0013");
    expect(world.phones.checkCardCertificates()).toEqual([]);
    world.authority.revoke("auth", card.authCertificate.serialNumber, { date: TEST_DATE });
    const affected = world.phones.checkCardCertificates(TEST_DATE);
    expect(affected.map((r) => [r.phoneId, r.status])).toEqual([["android-card-revoked", "card-certificate-invalid"]]);
    expect(revoked(phone)).toEqual({ auth: true, sign: true });
    expect(selectJpki(phone)).toBe(StatusWord.OK);
  });

  it("onCardCertificateRevoked revokes the phone's certificates directly", async () => {
    const phone = await provisioned(world, iPhone("iphone-card-revoked"), "P0014");
    expect(world.phones.onCardCertificateRevoked("P0014")?.status).toBe("card-certificate-invalid");
    expect(revoked(phone)).toEqual({ auth: true, sign: true });
  });

  it("a refusal for a revoked card certificate revokes the person's current phone too", async () => {
    const card = await world.cards.card("P0015");
    const phone = await provisioned(world, androidPhone("android-before-revocation"), "P0015");
    world.authority.revoke("sign", card.signCertificate!.serialNumber, { date: TEST_DATE });
    const result = await world.phones.provision(request(androidPhone("android-after-revocation"), card));
    expect(result).toMatchObject({ ok: false, refusal: { reason: "card-certificate-revoked" } });
    expect(revoked(phone)).toEqual({ auth: true, sign: true });
  });

  it("an expiring card: the phone's certificate ends with it, has no grace, and is revoked when the card's expires", async () => {
    const card = await world.cards.card("P0005");
    const phone = await provisioned(world, androidPhone("android-expiring"), "P0005");
    const der = phone.certificates?.auth.der ?? new Uint8Array();
    expect(new Date(new X509Certificate(der).validTo)).toEqual(card.authCertificate.notAfter);
    const after = new Date(card.authCertificate.notAfter.getTime() + 5 * DAY);
    // The card keeps 3 months' grace for online qualification; the phone has none.
    expect(await verifyCertificate(world.authority, "auth", card.authCertificate.der, { at: after, graceAfterExpiryMonths: 3 })).toMatchObject({ ok: true, inGrace: true });
    expect(await verifyCertificate(world.authority, "auth", der, { at: after, ...PHONE_CERTIFICATE_GRACE })).toEqual({ ok: false, reason: "expired" });
    expect(world.phones.checkCardCertificates(new Date(TEST_DATE.getTime() + DAY))).toEqual([]);
    expect(world.phones.checkCardCertificates(after).map((r) => r.phoneId)).toEqual(["android-expiring"]);
    expect(revoked(phone)).toEqual({ auth: true, sign: true });
  });
});
