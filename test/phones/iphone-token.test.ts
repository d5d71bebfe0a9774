import { X509Certificate, verify as verifySignature } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../../sim/apdu/hex.ts";
import { StatusWord } from "../../sim/apdu/index.ts";
import { type MyNumberCard } from "../../sim/cards/index.ts";
import { verifyCertificate } from "../../sim/pki/index.ts";
import { DEFAULT_AUTHORISATION_WINDOW_MS, type IPhoneToken } from "../../sim/phones/index.ts";
import { JpkiClient, sha256DigestInfo } from "../../sim/jpki/jpki-client.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { iPhone, type PhoneWorld, phoneWorld, provisioned, SELECT_JPKI, selectEf, send, TEST_DATE, testClock, verifyPin } from "./phone-fixtures.ts";

import { Aid, JpkiFile } from "../../sim/jpki/index.ts";
const WINDOW_MS = 20_000;
const clock = testClock();
let world: PhoneWorld;
let phone: IPhoneToken;
let card: MyNumberCard;

beforeAll(async () => {
  world = await phoneWorld();
  card = await world.cards.card("P0002");
  phone = await provisioned(world, iPhone("iphone-1", { clock, authorisationWindowMs: WINDOW_MS }), "P0002", { phoneCredentials: { signPassword: "IPHONE25" } });
  phone.enterField();
});

function client(): JpkiClient {
  return new JpkiClient(new InProcessTransceiver(phone));
}

async function refusedBoth(c: JpkiClient): Promise<void> {
  await c.selectApplication();
  await expect(c.readAuthCertificate()).rejects.toThrow(/6982/);
  await expect(c.signWithAuthKey(Uint8Array.of(1))).rejects.toThrow(/6982/);
}

describe("iPhone token", () => {
  it("is labelled JPKIAPIOSTOKEN and holds the JPKI AP only", () => {
    expect(send(phone, SELECT_JPKI).sw).toBe(StatusWord.OK);
    send(phone, selectEf("0006"));
    expect(new TextDecoder().decode(send(phone, "00B0000020").data)).toBe("JPKIAPIOSTOKEN".padEnd(32, " "));
    for (const aid of [Aid.CARD_INFO, Aid.CARD_FACE, Aid.JUKI]) expect(send(phone, `00A4040C0A${toHex(aid)}`).sw).toBe(StatusWord.FILE_NOT_FOUND);
  });

  it("refuses the auth certificate and the auth key (6982) before the biometric act", async () => {
    expect(phone.authorisation.isOpen).toBe(false);
    await refusedBoth(client());
  });

  it("takes no PIN at the counter: VERIFY of 0018 answers 6986, the empty VERIFY still reports 63C3", () => {
    send(phone, SELECT_JPKI);
    send(phone, selectEf("0018"));
    expect(send(phone, verifyPin("1234")).sw).toBe(StatusWord.COMMAND_NOT_ALLOWED);
    expect(send(phone, "00200080").sw).toBe(0x63c3);
    send(phone, selectEf("000A"));
    expect(send(phone, "00B0000004").sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
  });

  it("the passcode does not open the window", async () => {
    const act = phone.performPasscode();
    expect(act).toMatchObject({ ok: false, reason: "passcode-not-accepted" });
    expect(phone.authorisation.isOpen).toBe(false);
    await refusedBoth(client());
  });

  it("after Face ID, reads and signs inside the window; the signature verifies against the phone's certificate, which verifies against the test CA", async () => {
    const act = phone.performBiometric("face");
    expect(act).toEqual({ ok: true, kind: "face", expiresAt: new Date(clock() + WINDOW_MS) });
    const c = client();
    await c.selectApplication();
    const der = await c.readAuthCertificate();
    expect(der).toEqual(phone.certificates?.auth.der);
    expect(der).not.toEqual(card.authCertificate.der);
    const challenge = new TextEncoder().encode("qualification challenge iphone");
    const signature = await c.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(challenge));
    expect(verifySignature("sha256", challenge, new X509Certificate(der).publicKey, signature)).toBe(true);
    expect(await verifyCertificate(world.authority, "auth", der, { at: TEST_DATE })).toMatchObject({ ok: true });
  });

  it("refuses again once the window has run out (injected clock)", async () => {
    phone.performBiometric("face");
    clock.advance(WINDOW_MS - 1);
    const c = client();
    await c.selectApplication();
    await expect(c.readAuthCertificate()).resolves.toBeInstanceOf(Uint8Array);
    clock.advance(1);
    expect(phone.authorisation.isOpen).toBe(false);
    await refusedBoth(c);
  });

  it("80 FC 00 00 answers 9000 on the iPhone (the card answers 6700) and closes the window", async () => {
    expect(send(card, "80FC0000").sw).toBe(StatusWord.WRONG_LENGTH);
    phone.performBiometric("face");
    const c = client();
    await c.selectApplication();
    await c.readAuthCertificate();
    expect(send(phone, "80FC0000").sw).toBe(StatusWord.OK);
    expect(phone.authorisation.isOpen).toBe(false);
    await refusedBoth(c);
    expect(send(phone, "80FC0001").sw).toBe(StatusWord.INCORRECT_P1_P2);
    expect(send(phone, "80FC00000100").sw).toBe(StatusWord.WRONG_LENGTH);
  });

  it("keeps the signing key behind the phone's own signing password, window or not", async () => {
    const c = client();
    await c.selectApplication();
    await expect(c.readSignCertificate()).rejects.toThrow(/6982/);
    expect(await c.verify(JpkiFile.SIGN_PIN, "IPHONE25")).toEqual({ verified: true });
    const der = await c.readSignCertificate();
    const document = new TextEncoder().encode("signed on an iPhone");
    const signature = await c.sign(JpkiFile.SIGN_KEY, sha256DigestInfo(document));
    expect(verifySignature("sha256", document, new X509Certificate(der).publicKey, signature)).toBe(true);
  });

  it("has the default window of 30 s", () => {
    expect(DEFAULT_AUTHORISATION_WINDOW_MS).toBe(30_000);
    expect(iPhone("iphone-default").authorisation.lengthMs).toBe(30_000);
  });
});

describe("iPhone biometric act", () => {
  it("fails without a registered biometric, and the token stays refused", async () => {
    const blank = iPhone("iphone-none", { registeredBiometrics: [] });
    expect(blank.performBiometric("face")).toMatchObject({ ok: false, reason: "not-registered" });
    phone.clearBiometrics();
    try {
      expect(phone.performBiometric("face")).toMatchObject({ ok: false, reason: "not-registered" });
      expect(phone.authorisation.isOpen).toBe(false);
      await refusedBoth(client());
    } finally {
      phone.registerBiometric("face");
    }
  });

  it("fails for a sensor the model lacks, for a face that does not match, and on a phone without the card", () => {
    expect(phone.performBiometric("touch")).toMatchObject({ ok: false, reason: "no-sensor" });
    expect(() => phone.registerBiometric("touch")).toThrow(RangeError);
    expect(phone.performBiometric("face", { match: false })).toMatchObject({ ok: false, reason: "no-match" });
    expect(phone.authorisation.isOpen).toBe(false);
    const se = iPhone("iphone-se", { modelName: "iPhone SE (3rd generation)", registeredBiometrics: ["touch"] });
    expect(se.performBiometric("touch")).toMatchObject({ ok: false, reason: "no-card" });
  });
});
