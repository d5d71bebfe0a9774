import { X509Certificate, verify as verifySignature } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { StatusWord } from "../../sim/apdu/index.ts";
import { type MyNumberCard } from "../../sim/cards/index.ts";
import { verifyCertificate } from "../../sim/pki/index.ts";
import type { AndroidPhoneToken } from "../../sim/phones/index.ts";
import { JpkiClient, sha256DigestInfo } from "../../sim/jpki/jpki-client.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { androidPhone, type PhoneWorld, phoneWorld, provisioned, SELECT_JPKI, selectEf, send, TEST_DATE, verifyPin } from "./phone-fixtures.ts";
import { toHex } from "../../sim/apdu/hex.ts";

import { Aid, JpkiFile } from "../../sim/jpki/index.ts";
let world: PhoneWorld;
let phone: AndroidPhoneToken;
let card: MyNumberCard;

beforeAll(async () => {
  world = await phoneWorld();
  card = await world.cards.card("P0001");
  phone = await provisioned(world, androidPhone("android-1"), "P0001", { phoneCredentials: { authPin: "4321", signPassword: "PHONE2025" } });
  phone.enterField();
});

function client(): JpkiClient {
  return new JpkiClient(new InProcessTransceiver(phone));
}

describe("Android phone token", () => {
  it("is labelled JPKIAPGPSETOKEN in EF 0006", () => {
    expect(send(phone, SELECT_JPKI).sw).toBe(StatusWord.OK);
    expect(send(phone, selectEf("0006")).sw).toBe(StatusWord.OK);
    expect(new TextDecoder().decode(send(phone, "00B0000020").data)).toBe("JPKIAPGPSETOKEN".padEnd(32, " "));
  });

  it("holds the JPKI AP only: the card's other applications answer 6A82", () => {
    for (const aid of [Aid.CARD_INFO, Aid.CARD_FACE, Aid.JUKI]) {
      expect(send(phone, `00A4040C0A${toHex(aid)}`).sw).toBe(StatusWord.FILE_NOT_FOUND);
    }
  });

  it("refuses the auth certificate (6982) before VERIFY of its own auth PIN, and gives the phone's certificate after", async () => {
    const c = client();
    await c.selectApplication();
    await expect(c.readAuthCertificate()).rejects.toThrow(/6982/);
    // The card's PIN is not the phone's.
    expect(await c.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: false, triesLeft: 2, blocked: false });
    expect(await c.verify(JpkiFile.AUTH_PIN, "4321")).toEqual({ verified: true });
    const der = await c.readAuthCertificate();
    expect(der).toEqual(phone.certificates?.auth.der);
    expect(der).not.toEqual(card.authCertificate.der);
  });

  it("signs with its own auth key after VERIFY: the signature verifies against the phone's certificate, which verifies against the test CA", async () => {
    const c = client();
    await c.selectApplication();
    await expect(c.signWithAuthKey(Uint8Array.of(1))).rejects.toThrow(/6982/);
    await c.verify(JpkiFile.AUTH_PIN, "4321");
    const der = await c.readAuthCertificate();
    const challenge = new TextEncoder().encode("qualification challenge android");
    const signature = await c.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(challenge));
    expect(verifySignature("sha256", challenge, new X509Certificate(der).publicKey, signature)).toBe(true);
    expect(verifySignature("sha256", challenge, new X509Certificate(card.authCertificate.der).publicKey, signature)).toBe(false);
    expect(await verifyCertificate(world.authority, "auth", der, { at: TEST_DATE })).toMatchObject({ ok: true, serialNumber: phone.certificates?.auth.serialNumber });
  });

  it("keeps the signing certificate and key behind the phone's own signing password", async () => {
    const c = client();
    await c.selectApplication();
    await expect(c.readSignCertificate()).rejects.toThrow(/6982/);
    expect(await c.verify(JpkiFile.SIGN_PIN, "MYNA2025")).toMatchObject({ verified: false, triesLeft: 4 });
    expect(await c.verify(JpkiFile.SIGN_PIN, "PHONE2025")).toEqual({ verified: true });
    const der = await c.readSignCertificate();
    expect(await verifyCertificate(world.authority, "sign", der, { at: TEST_DATE })).toMatchObject({ ok: true });
    const document = new TextEncoder().encode("an application signed on the phone");
    const signature = await c.sign(JpkiFile.SIGN_KEY, sha256DigestInfo(document));
    expect(verifySignature("sha256", document, new X509Certificate(der).publicKey, signature)).toBe(true);
  });

  it("answers 6700 to the iPhone's last-command indicator 80 FC 00 00, as the card does", () => {
    expect(send(phone, "80FC0000").sw).toBe(StatusWord.WRONG_LENGTH);
  });
});

describe("Android auth PIN counter", () => {
  it("has its own 3 tries: 63C2, 63C1, 63C0, then 6984 even for the right PIN; the card's counter does not move", async () => {
    const victim = await provisioned(world, androidPhone("android-2", "Xperia 10 V", "13"), "P0013");
    const victimCard = await world.cards.card("P0013");
    victim.enterField();
    send(victim, SELECT_JPKI);
    send(victim, selectEf("0018"));
    expect(send(victim, "00200080").sw).toBe(0x63c3);
    expect(send(victim, verifyPin("0000")).sw).toBe(0x63c2);
    expect(send(victim, verifyPin("0001")).sw).toBe(0x63c1);
    expect(send(victim, verifyPin("0002")).sw).toBe(0x63c0);
    expect(send(victim, verifyPin("1234")).sw).toBe(StatusWord.REFERENCE_DATA_NOT_USABLE);
    expect(send(victim, "00200080").sw).toBe(0x63c0);
    // Blocked for good: across leaving and re-entering the field.
    victim.leaveField();
    victim.enterField();
    send(victim, SELECT_JPKI);
    send(victim, selectEf("0018"));
    expect(send(victim, verifyPin("1234")).sw).toBe(StatusWord.REFERENCE_DATA_NOT_USABLE);
    send(victim, selectEf("000A"));
    expect(send(victim, "00B0000004").sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    expect(victim.pins?.auth.blocked).toBe(true);
    expect(victimCard.pins.auth.triesLeft).toBe(3);
  });
});
