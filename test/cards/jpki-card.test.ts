import { X509Certificate, verify as verifySignature } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CommandApdu, fromHex, ResponseApdu, StatusWord, toHex } from "../../sim/apdu/index.ts";
import { type MyNumberCard } from "../../sim/cards/index.ts";
import { readSigningIdentity } from "../../sim/pki/index.ts";
import { JpkiClient, sha256DigestInfo } from "../../sim/jpki/jpki-client.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

import { Aid, JpkiFile } from "../../sim/jpki/index.ts";
import { residentName } from "../../sim/personas/index.ts";
const registry = freshCardRegistry();
let card: MyNumberCard;

function send(hex: string): ResponseApdu {
  return ResponseApdu.parse(card.process(fromHex(hex)));
}

const SELECT_JPKI = "00A4040C0AD392F000260100000001";

beforeAll(async () => {
  card = await registry.card("P0002");
});

describe("My Number Card: JPKI AP", () => {
  it("answers with the contact ATR that OpenSC's jpki driver matches", () => {
    expect(toHex(card.atr)).toBe("3BE000FF8131FE4514");
  });

  it("selects the JPKI AP without FCI and refuses unknown AIDs with 6A82", () => {
    expect(send(SELECT_JPKI).sw).toBe(0x9000);
    expect(send(SELECT_JPKI).data.length).toBe(0);
    // PIV probe as host tools send it.
    expect(send("00A4040009A00000030800001000").sw).toBe(StatusWord.FILE_NOT_FOUND);
    expect(send("00A4020C020099").sw).toBe(StatusWord.FILE_NOT_FOUND);
  });

  it("reads the auth certificate freely, sized from its DER header, and it is the persona's", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication();
    const der = await client.readAuthCertificate();
    expect(toHex(der)).toBe(toHex(card.authCertificate.der));
    const cert = new X509Certificate(der);
    expect(cert.serialNumber.toLowerCase().replace(/^0+/, "")).toBe(card.authCertificate.serialNumber);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // Reading at the end answers 6B00.
    send(SELECT_JPKI);
    send("00A4020C02000A");
    const end = der.length;
    expect(send(`00B0${end.toString(16).padStart(4, "0")}10`).sw).toBe(StatusWord.WRONG_P1_P2);
  });

  it("reads the token label JPKIAPICCTOKEN2, space-padded", () => {
    send(SELECT_JPKI);
    send("00A4020C020006");
    const r = send("00B0000020");
    expect(new TextDecoder().decode(r.data)).toBe("JPKIAPICCTOKEN2".padEnd(32, " "));
  });

  it("signs a SHA-256 DigestInfo after VERIFY and the signature verifies against the certificate", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication();
    const cert = new X509Certificate(await client.readAuthCertificate());
    const challenge = new TextEncoder().encode("challenge-123");
    await expect(client.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(challenge))).rejects.toThrow(/6982/);
    expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
    const signature = await client.signWithAuthKey(challenge);
    expect(signature.length).toBe(256);
    expect(verifySignature("sha256", challenge, cert.publicKey, signature)).toBe(true);
  });

  it("keeps the signing certificate behind the signing password", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication();
    await expect(client.readSignCertificate()).rejects.toThrow(/6982/);
    expect(await client.verify(JpkiFile.SIGN_PIN, "MYNA2025")).toEqual({ verified: true });
    const der = await client.readSignCertificate();
    // The card writes the name as the residence record does, family and given name separated by U+3000
    // (soltia48/myna-card src/ap/text.rs test card "黒桐\u3000幹也"); the catalogue keeps an ASCII space.
    expect(readSigningIdentity(der)?.name).toBe(residentName(card.persona));
    const sig = await client.sign(JpkiFile.SIGN_KEY, sha256DigestInfo(Uint8Array.of(1, 2, 3)));
    expect(verifySignature("sha256", Uint8Array.of(1, 2, 3), new X509Certificate(der).publicKey, sig)).toBe(true);
  });

  it("clears the security status on reset and on selecting another application", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card, { powerOn: false }));
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "1234");
    card.reset();
    await client.selectApplication();
    await expect(client.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(Uint8Array.of(1)))).rejects.toThrow(/6982/);
    await client.verify(JpkiFile.AUTH_PIN, "1234");
    await client.selectApplication(Aid.CARD_INFO);
    await client.selectApplication();
    await expect(client.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(Uint8Array.of(1)))).rejects.toThrow(/6982/);
  });

  it("refuses INTERNAL AUTHENTICATE, oversize signature input, and answers 80 FC with 6700", () => {
    send(SELECT_JPKI);
    expect(send("0088000004AABBCCDD00").sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    send("00A4020C020018");
    send("0020008004" + toHex(new TextEncoder().encode("1234")));
    send("00A4020C020017");
    const big = CommandApdu.of({ cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: new Uint8Array(246), ne: 256 });
    expect(ResponseApdu.parse(card.process(big.encode())).sw).toBe(StatusWord.WRONG_LENGTH);
    expect(send("80FC0000").sw).toBe(StatusWord.WRONG_LENGTH);
  });

  it.each([
    ["logical channel", "01A4040C0AD392F000260100000001", StatusWord.LOGICAL_CHANNEL_NOT_SUPPORTED],
    ["secure messaging", "0CA4040C0AD392F000260100000001", StatusWord.SECURE_MESSAGING_NOT_SUPPORTED],
    ["unknown class", "A0A4040C0AD392F000260100000001", StatusWord.CLA_NOT_SUPPORTED],
    ["unknown instruction", "0012000000", StatusWord.INS_NOT_SUPPORTED],
    // GET DATA exists on the card: a tag it does not hold answers 6A88 (soltia48/myna-card src/card.rs `get_data` and
    // `contact_atr` @ 0c39784a). This row used to expect 6D00 for 00 CA, which that source contradicts.
    ["GET DATA of a tag the card does not hold", "00CA000000", StatusWord.REFERENCED_DATA_NOT_FOUND],
    ["bad SELECT P1", "00A4070C0AD392F000260100000001", StatusWord.INCORRECT_P1_P2],
    ["bad length", "00A4040C0AD392", StatusWord.WRONG_LENGTH],
    ["READ BINARY without an EF", "00B0000004", StatusWord.COMMAND_NOT_ALLOWED],
  ])("answers %s with the right status word", (_label, hex, sw) => {
    card.reset();
    expect(send(hex).sw).toBe(sw);
  });
});

describe("My Number Card: PIN rules", () => {
  it("counts down 63C2, 63C1, 63C0 then blocks with 6984 for good, across reset and re-attach", async () => {
    const reg = freshCardRegistry();
    const victim = await reg.card("P0003");
    const client = new JpkiClient(new InProcessTransceiver(victim));
    await client.selectApplication();
    expect(await client.triesLeft(JpkiFile.AUTH_PIN)).toBe(3);
    expect(await client.verify(JpkiFile.AUTH_PIN, "0000")).toEqual({ verified: false, triesLeft: 2, blocked: false });
    // The empty VERIFY does not use a try.
    expect(await client.triesLeft(JpkiFile.AUTH_PIN)).toBe(2);
    expect(await client.verify(JpkiFile.AUTH_PIN, "1111")).toEqual({ verified: false, triesLeft: 1, blocked: false });
    victim.reset();
    await client.selectApplication();
    await client.selectFile(JpkiFile.AUTH_PIN);
    const last = ResponseApdu.parse(victim.process(fromHex("0020008004" + toHex(new TextEncoder().encode("2222")))));
    expect(last.sw).toBe(0x63c0);
    expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: false, triesLeft: 0, blocked: true });
    // Re-attach: the registry hands out the same card, still blocked.
    const again = await reg.card("P0003");
    expect(again).toBe(victim);
    again.powerOff();
    const client2 = new JpkiClient(new InProcessTransceiver(again));
    await client2.selectApplication();
    await client2.selectFile(JpkiFile.AUTH_PIN);
    expect(ResponseApdu.parse(again.process(fromHex("0020008004" + toHex(new TextEncoder().encode("1234"))))).sw).toBe(StatusWord.REFERENCE_DATA_NOT_USABLE);
    expect(await client2.triesLeft(JpkiFile.AUTH_PIN)).toBe(0);
  });

  it("allows 5 signing-password tries and a correct entry restores the counter", async () => {
    const reg = freshCardRegistry();
    const c = await reg.card("P0004");
    const client = new JpkiClient(new InProcessTransceiver(c));
    await client.selectApplication();
    expect(await client.triesLeft(JpkiFile.SIGN_PIN)).toBe(5);
    for (let left = 4; left >= 1; left--) {
      expect(await client.verify(JpkiFile.SIGN_PIN, "WRONG1")).toMatchObject({ triesLeft: left });
    }
    expect(await client.verify(JpkiFile.SIGN_PIN, "MYNA2025")).toEqual({ verified: true });
    expect(await client.triesLeft(JpkiFile.SIGN_PIN)).toBe(5);
  });

  it("changes a PIN only after VERIFY and only to a value of the right format", async () => {
    const reg = freshCardRegistry();
    const c = await reg.card("P0005", { authPin: "4321" });
    const client = new JpkiClient(new InProcessTransceiver(c));
    await client.selectApplication();
    await client.selectFile(JpkiFile.AUTH_PIN);
    const change = (pin: string) => ResponseApdu.parse(c.process(CommandApdu.of({ cla: 0, ins: 0x24, p1: 1, p2: 0x80, data: new TextEncoder().encode(pin) }).encode())).sw;
    expect(change("5678")).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    expect(await client.verify(JpkiFile.AUTH_PIN, "4321")).toEqual({ verified: true });
    expect(change("56789")).toBe(StatusWord.WRONG_DATA);
    expect(change("12a4")).toBe(StatusWord.WRONG_DATA);
    expect(change("5678")).toBe(0x9000);
    c.reset();
    await client.selectApplication();
    expect(await client.verify(JpkiFile.AUTH_PIN, "4321")).toMatchObject({ verified: false, triesLeft: 2 });
    expect(await client.verify(JpkiFile.AUTH_PIN, "5678")).toEqual({ verified: true });
    // Signing password format: 6–16 of A–Z 0–9.
    await client.verify(JpkiFile.SIGN_PIN, "MYNA2025");
    await client.selectFile(JpkiFile.SIGN_PIN);
    expect(change("short")).toBe(StatusWord.WRONG_DATA);
    expect(change("NEWPASS99")).toBe(0x9000);
  });
});
