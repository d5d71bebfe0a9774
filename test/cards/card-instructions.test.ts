import { constants, createHash, publicDecrypt, verify as verifySignature, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { fromHex, ResponseApdu, StatusWord, toHex } from "../../sim/apdu/index.ts";
import { CardStatusWord, type MyNumberCard, TOKEN_INFO_LENGTH } from "../../sim/cards/index.ts";
import { sha256DigestInfo } from "../../sim/jpki/index.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

let card: MyNumberCard;
beforeAll(async () => {
  card = await freshCardRegistry().card("P0002");
});

function send(hex: string): ResponseApdu {
  return ResponseApdu.parse(card.process(fromHex(hex.replaceAll(" ", ""))));
}
const ascii = (s: string) => toHex(new TextEncoder().encode(s));
const SELECT_JPKI = "00A4040C0AD392F000260100000001";
const SELECT_CARD_INFO = "00A4040C0AD3921000310001010408";
const SELECT_CARD_FACE = "00A4040C0AD3921000310001010402";
const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());

describe("SELECT MF and the MF state (myna-card src/card.rs: the card has no usable select_mf)", () => {
  it("answers 00 A4 00 00 with 6A86 right after reset and 9000 without any change while an AP is selected", () => {
    card.reset();
    expect(send("00A40000").sw).toBe(StatusWord.INCORRECT_P1_P2);
    send(SELECT_JPKI);
    send("00A4020C020006");
    expect(send("00A40000").sw).toBe(0x9000);
    // Still in the JPKI AP with EF 0006 selected.
    expect(send("00B0000004").data).toEqual(new TextEncoder().encode("JPKI"));
    expect(send("00A4000C023F00").sw).toBe(StatusWord.FILE_NOT_FOUND);
    expect(send("00A4020C023F00").sw).toBe(StatusWord.FILE_NOT_FOUND);
  });

  it("returns to the MF state on SELECT of the issuer security domain A0 00 00 01 51 00 00, dropping the login", () => {
    card.reset();
    send(SELECT_JPKI);
    send("00A4020C020018");
    expect(send(`0020008004${ascii("1234")}`).sw).toBe(0x9000);
    expect(send("00A4040C07A0000001510000").sw).toBe(0x9000);
    expect(send("00A40000").sw).toBe(StatusWord.INCORRECT_P1_P2);
    send(SELECT_JPKI);
    expect(send(`802A009733${toHex(sha256DigestInfo(Uint8Array.of(1)))}00`).sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
  });
});

describe("logout: every SELECT of an application drops the login, the same application included", () => {
  it("re-selecting the JPKI AP between VERIFY and signing answers 6982 (OpenSC-style logout)", () => {
    card.reset();
    const sign = `802A008033${toHex(sha256DigestInfo(Uint8Array.of(7)))}00`;
    send(SELECT_JPKI);
    send("00A4020C020018");
    expect(send(`0020008004${ascii("1234")}`).sw).toBe(0x9000);
    send("00A4020C020017");
    expect(send(sign).sw).toBe(0x9000);
    send(SELECT_JPKI);
    send("00A4020C020017");
    expect(send(sign).sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
  });
});

describe("short EF identifiers (myna-card src/card.rs, jsapdu read-binary.ts / verify.ts)", () => {
  it("reads by SFI with P1 = 80|SFI and an 8-bit offset, making that EF the current one", () => {
    card.reset();
    send(SELECT_JPKI);
    const head = send("00B08A0004");
    expect(toHex(head.data)).toBe(toHex(card.authCertificate.der.subarray(0, 4)));
    expect(toHex(send("00B08A1004").data)).toBe(toHex(card.authCertificate.der.subarray(0x10, 0x14)));
    // Now current: a plain READ BINARY continues in 000A.
    expect(toHex(send("00B0000004").data)).toBe(toHex(card.authCertificate.der.subarray(0, 4)));
    // Extended Le 65536 returns the whole file (jsapdu's readEfBinaryFull).
    expect(toHex(send("00B08A00000000").data)).toBe(toHex(card.authCertificate.der));
    expect(send("00B09F0004").sw).toBe(StatusWord.FILE_NOT_FOUND);
    expect(send("00B0A10004").sw).toBe(StatusWord.INCORRECT_P1_P2);
    card.reset();
    expect(send("00B08A0004").sw).toBe(StatusWord.FILE_NOT_FOUND);
  });

  it("verifies by SFI with P2 = 80|SFI (00 20 00 98 …), empty VERIFY by SFI reading the counter", () => {
    card.reset();
    send(SELECT_JPKI);
    expect(send("00200098").sw).toBe(0x63c3);
    expect(send(`0020009804${ascii("1234")}`).sw).toBe(0x9000);
    expect(send("0020009B").sw).toBe(0x63c5);
    expect(send(`0020009F04${ascii("1234")}`).sw).toBe(StatusWord.REFERENCED_DATA_NOT_FOUND);
    expect(send(`0020008A04${ascii("1234")}`).sw).toBe(StatusWord.REFERENCED_DATA_NOT_FOUND);
  });
});

describe("COMPUTE DIGITAL SIGNATURE schemes P1 00–05 (myna-card src/ap/jpki.rs SignatureScheme)", () => {
  it("signs with each scheme by SFI and refuses bad inputs and other schemes", () => {
    card.reset();
    send(SELECT_JPKI);
    send(`0020009804${ascii("1234")}`);
    const key = card.authCertificate.publicKey;
    const message = new TextEncoder().encode("scheme test");
    const hash = sha256(message);
    const sig = (p1: number, data: Uint8Array) => send(`802A${p1.toString(16).padStart(2, "0")}97${data.length.toString(16).padStart(2, "0")}${toHex(data)}00`);
    const raw = (s: Uint8Array) => toHex(publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, s));
    expect(raw(sig(0, sha256DigestInfo(message)).data)).toBe(toHex(sha256DigestInfo(message)));
    expect(raw(sig(1, message).data)).toBe(toHex(hash));
    expect(verifySignature("sha256", message, key, sig(2, hash).data)).toBe(true);
    expect(verifySignature("sha256", message, key, sig(3, message).data)).toBe(true);
    const pss = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    const pss1 = sig(4, hash).data;
    expect(verifySignature("sha256", message, pss, pss1)).toBe(true);
    expect(toHex(sig(4, hash).data)).not.toBe(toHex(pss1)); // random salt
    expect(verifySignature("sha256", message, pss, sig(5, message).data)).toBe(true);
    expect(sig(6, message).sw).toBe(StatusWord.INCORRECT_P1_P2);
    expect(sig(2, message).sw).toBe(StatusWord.WRONG_LENGTH);
    expect(sig(4, new Uint8Array(33)).sw).toBe(StatusWord.WRONG_LENGTH);
    expect(sig(0, new Uint8Array(246)).sw).toBe(StatusWord.WRONG_LENGTH);
    // The signing key by SFI needs the signing password.
    expect(send(`802A009A20${toHex(hash)}00`).sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    // P2 00 in JPKI: no own key (modelled).
    expect(send(`802A000020${toHex(hash)}00`).sw).toBe(StatusWord.REFERENCED_DATA_NOT_FOUND);
  });

  it("signs the card-info and card-face presence challenge with P2 00 and no credential; INTERNAL AUTHENTICATE refuses those keys with 6985", () => {
    for (const select of [SELECT_CARD_INFO, SELECT_CARD_FACE]) {
      card.reset();
      send(select);
      const challenge = send("0084000010").data;
      expect(challenge.length).toBe(16);
      const r = send(`802A000033${toHex(sha256DigestInfo(challenge))}00`);
      expect(r.sw).toBe(0x9000);
      expect(r.data.length).toBe(256);
      expect(send("0088000010" + "00".repeat(16) + "00").sw).toBe(StatusWord.CONDITIONS_NOT_SATISFIED);
    }
    card.reset();
    send(SELECT_JPKI);
    expect(send("0088009704AABBCCDD00").sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
  });
});

describe("GET CHALLENGE and GET DATA (myna-card src/card.rs get_challenge, get_data, contact_atr)", () => {
  it("GET CHALLENGE honours 1..256 bytes in the MF and in any AP; extended refused 6985; P1/P2 ≠ 00 6A86", () => {
    card.reset();
    for (const le of [1, 8, 16, 255]) expect(send(`00840000${le.toString(16).padStart(2, "0")}`).data.length).toBe(le);
    expect(send("0084000000").data.length).toBe(256);
    send(SELECT_JPKI);
    expect(send("0084000010").sw).toBe(0x9000);
    expect(send("00840000000010").sw).toBe(StatusWord.CONDITIONS_NOT_SATISFIED);
    expect(send("0084010010").sw).toBe(StatusWord.INCORRECT_P1_P2);
  });

  it("GET DATA 5F51 gives the contact ATR without TS, whose TCK checks; other tags 6A88", () => {
    card.reset();
    const atr = send("00CA5F5100").data;
    expect(toHex(atr)).toBe("E000FF8131FE4514");
    expect(atr.subarray(0, atr.length - 1).reduce((a, b) => a ^ b, 0)).toBe(atr[atr.length - 1]);
    send(SELECT_JPKI);
    expect(toHex(send("00CA5F5100").data)).toBe("E000FF8131FE4514");
    expect(send("00CA00F800").sw).toBe(StatusWord.REFERENCED_DATA_NOT_FOUND);
    expect(send("00CA5F5104").sw).toBe(StatusWord.WRONG_LENGTH);
  });
});

describe("secure-messaging class bytes (myna-card README: 6882 to SELECT, 69FC to READ BINARY and VERIFY)", () => {
  it.each([
    ["READ BINARY, CLA 08", "08B0000004", CardStatusWord.SECURE_MESSAGING_REFUSED],
    ["READ BINARY, CLA 0C", "0CB0000004", CardStatusWord.SECURE_MESSAGING_REFUSED],
    ["VERIFY, CLA 08", "0820008000", CardStatusWord.SECURE_MESSAGING_REFUSED],
    ["VERIFY, CLA 0C", "0C2000800431323334", CardStatusWord.SECURE_MESSAGING_REFUSED],
    ["SELECT, CLA 0C", `0C${SELECT_JPKI.slice(2)}`, StatusWord.SECURE_MESSAGING_NOT_SUPPORTED],
  ])("%s → %s", (_label, hex, sw) => {
    card.reset();
    send(SELECT_JPKI);
    send("00A4020C02000A");
    expect(send(hex).sw).toBe(sw);
  });
});

describe("JPKI token info and certificate availability", () => {
  it("EF 0006 is 160 bytes in myna-card's TokenInfo layout; EF 0008 is 8F 8F 00 on an adult's card", () => {
    card.reset();
    send(SELECT_JPKI);
    send("00A4020C020006");
    const token = send("00B0000000").data;
    expect(token.length).toBe(TOKEN_INFO_LENGTH);
    expect(send("00B000A010").sw).toBe(StatusWord.WRONG_P1_P2);
    const view = new DataView(token.buffer, token.byteOffset, token.byteLength);
    expect(new TextDecoder().decode(token.subarray(0, 32))).toBe("JPKIAPICCTOKEN2".padEnd(32, " "));
    expect(view.getUint32(96)).toBe(0x0000040d);
    expect(view.getUint32(124)).toBe(0xffffffff);
    expect(new TextDecoder().decode(token.subarray(140, 160))).toBe("03019999999999999999");
    send("00A4020C020008");
    expect(toHex(send("00B0000000").data)).toBe("8F8F00");
    new X509Certificate(card.signCertificate?.der ?? new Uint8Array(0));
  });
});
