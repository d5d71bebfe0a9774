/**
 * soltia48/myna-card as it reaches the card: `src/card.rs`, `src/ap/text.rs`, `src/ap/jpki.rs`
 * @ 0c39784a485053b45b7686332466069e01692326, `src/ap/surface.rs` @ 26c136933ad5e3e8afaa8fdaa047236c27e4a927,
 * `src/data.rs` @ 08c204b2833ac9bddd83dc8de67034207182b672 and `examples/read_card.rs`
 * @ 1a5949414bcb295091741ce8231c2add0ca9fb4a (docs/domain/card-applications.md "soltia48/myna-card"). The common AP
 * (共通カードAP) and the MF data objects other than `5F51` are not on the simulated card, so those parts are left out.
 * Logout: myna-card power-cycles the card.
 */
import { constants, createHash, verify as verifySignature, X509Certificate } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { expect } from "vitest";
import { concatBytes, toHex } from "../../../sim/apdu/index.ts";
import { Aid } from "../../../sim/jpki/index.ts";
import { collationNumberB, eraBirthDate, residentAddress, residentName } from "../../../sim/personas/index.ts";
import { publicKeyFrom9091 } from "../clients/card-public-key.ts";
import { berParse, MynaCard, parseCvCertificate, parseDate, parseKeyId, StatusError, TlvFields } from "../clients/myna-card.ts";
import { selectDfHex, selectEfHex } from "../clients/transcript-channel.ts";
import type { TranscriptStep } from "../clients/transcript-step.ts";
import type { CardUnderTest } from "../clients/card-under-test.ts";
import { pkcs1Payload, sexDigit } from "./card-files.ts";

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());

/** `sha256_digest_info` (data.rs), with the length taken from the digest. */
function digestInfo(digest: Uint8Array): Uint8Array {
  const algorithm = Uint8Array.of(0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00);
  return concatBytes(Uint8Array.of(0x30, algorithm.length + 2 + digest.length), algorithm, Uint8Array.of(0x04, digest.length), digest);
}

/** `verify_pkcs1_sha256`: PKCS#1 v1.5 over DigestInfo(SHA-256(message)). */
function pkcs1Sha256(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  return verifySignature("sha256", message, key, signature);
}

/** `RsaPublicKey::verify_pss_sha256`. */
function pssSha256(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  return verifySignature("sha256", message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
}

async function expectRefused(promise: Promise<unknown>, sw: number): Promise<void> {
  await expect(promise).rejects.toSatisfy((e) => e instanceof StatusError && e.sw === sw);
}

/** `CardFace::parse` + `verify` (surface.rs). */
function checkCardFace(raw: Uint8Array, cut: CardUnderTest, issuer: KeyObject): KeyObject {
  const p = cut.card.persona;
  const f = TlvFields.parse(raw, 0xff20, 0xdf21);
  expect(parseDate(f.get(0xdf22))).toBe(p.birthDate);
  expect(new TextDecoder().decode(f.get(0xdf23))).toBe(sexDigit(cut));
  expect(parseDate(f.get(0xdf29))).toBe(p.cardExpiry);
  for (const tag of [0xdf25, 0xdf26, 0xdf2a]) expect(toHex(f.get(tag).subarray(0, 8))).toBe("89504E470D0A1A0A");
  expect(toHex(f.get(0xdf27).subarray(4, 8))).toBe("6A502020");
  // The images carry the card-info AP's text (see sim/cards/images/text-image.ts).
  expect(new TextDecoder().decode(f.get(0xdf25))).toContain(residentName(p));
  expect(new TextDecoder().decode(f.get(0xdf26))).toContain(residentAddress(p));
  const digests = concatBytes(sha256(f.bytesOf([0xdf22, 0xdf23, 0xdf24])), sha256(f.bytesOf([0xdf25, 0xdf26])), sha256(f.bytesOf([0xdf27])));
  expect(toHex(pkcs1Payload(f.get(0xdf28), issuer))).toBe(toHex(digestInfo(digests)));
  return publicKeyFrom9091(f.get(0xdf24));
}

/** Text-AP certificate: `read_certificate` then `verify_with` the test PKI's CA key (the crate's table has no `9000033`). */
async function textCertificate(card: MynaCard, cut: CardUnderTest): Promise<KeyObject> {
  await card.selectEf(0x0004);
  const cert = parseCvCertificate(await card.readBinaryAll());
  expect(cert.issuer).toBe("9000033/001");
  expect(pkcs1Sha256(cut.apAuthority.publicKey("card-info"), cert.signedData, cert.signature)).toBe(true);
  return publicKeyFrom9091(cert.publicKey);
}

export const mynaCardSteps: readonly TranscriptStep[] = [
  {
    name: "MF after a power cycle: SELECT MF answers 6A86 (no select_mf), GET DATA 5F51 gives the contact ATR with a good TCK",
    async run(t, cut, reset) {
      await reset();
      const card = new MynaCard(t);
      expect((await card.call(Uint8Array.of(0x00, 0xa4, 0x00, 0x00))).sw).toBe(0x6a86);
      expect(toHex(await card.contactAtr())).toBe(toHex(cut.card.atr));
      await card.selectDf(Aid.JPKI);
      // "Depending on the card it answers at MF level or only with an AP selected": this one answers in both.
      expect(toHex(await card.contactAtr())).toBe("3BE000FF8131FE4514");
      // With an AP selected, SELECT MF answers 9000 and changes nothing.
      expect((await card.call(Uint8Array.of(0x00, 0xa4, 0x00, 0x00))).sw).toBe(0x9000);
      await card.selectEf(0x0006);
      expect((await card.readBinaryPhysical()).length).toBe(160);
      expect(t.commands.slice(0, 4)).toEqual(["00A40000", "00CA5F5100", selectDfHex(Aid.JPKI), "00CA5F5100"]);
    },
  },
  {
    name: "GET CHALLENGE: 1, 16 and 256 bytes honoured exactly, in the MF and in an AP; the extended form 6985",
    async run(t, _cut, reset) {
      await reset();
      const card = new MynaCard(t);
      expect((await card.getChallenge(1)).length).toBe(1);
      await card.selectDf(Aid.CARD_FACE);
      const a = await card.getChallenge(16);
      const b = await card.getChallenge(16);
      expect(toHex(a)).not.toBe(toHex(b));
      expect((await card.getChallenge(256)).length).toBe(256);
      expect((await card.call(Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x00, 0x01, 0x00))).sw).toBe(0x6985);
      expect(t.commands).toEqual(["0084000001", selectDfHex(Aid.CARD_FACE), "0084000010", "0084000010", "0084000000", "00840000000100"]);
    },
  },
  {
    name: "text AP without a credential: CV certificate (9000033, verifies), AP basic data FF40 {01 03 0E 01, key id, 32 B + 96 × FF}",
    async run(t, cut) {
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_INFO);
      await textCertificate(card, cut);
      await card.selectEf(0x0005);
      const basic = TlvFields.parse(await card.readBinaryAll(), 0xff40);
      expect(toHex(basic.get(0xdf41))).toBe("01030E01");
      expect(parseKeyId(basic.get(0xdf42))).toBe("9000034/001");
      const trailing = basic.get(0xdf43);
      expect(trailing.length).toBe(128);
      expect(trailing.subarray(32).every((b) => b === 0xff)).toBe(true);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0004), "00B0000000", "00B0010000", "00B0020038", selectEfHex(0x0005), "00B0000000"]);
    },
  },
  {
    name: "text AP retries: PIN 0011 3, 0012 blocked from issue (63C0), 照合番号A 0014 10, 照合番号B 0015 10",
    async run(t) {
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_INFO);
      const retries: Record<string, unknown> = {};
      for (const fid of [0x0011, 0x0012, 0x0014, 0x0015]) {
        await card.selectEf(fid);
        retries[fid.toString(16)] = await card.pinRetries();
      }
      expect(retries).toEqual({ "11": 3, "12": "blocked", "14": 10, "15": 10 });
      await card.selectEf(0x0012);
      await expectRefused(card.verify("0000"), 0x6984);
    },
  },
  {
    name: "text AP with the PIN: signed key 0007, My Number, attributes (offsets checked), integrity record (digests and signature)",
    async run(t, cut) {
      const p = cut.card.persona;
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_INFO);
      const issuer = await textCertificate(card, cut);
      await card.selectEf(0x0011);
      await card.verify(cut.credentials.cardInfoPin);
      await card.selectEf(0x0007);
      const signedKey = TlvFields.parse(await card.readBinaryAll(), 0xff50);
      expect(pkcs1Sha256(issuer, signedKey.bytesBefore(0xdf52), signedKey.get(0xdf52))).toBe(true);
      await card.selectEf(0x0001);
      const myNumber = berParse(await card.readBinaryAll());
      expect(myNumber.tag).toBe(0xff10);
      expect(new TextDecoder().decode(myNumber.value)).toBe(p.myNumber);
      await card.selectEf(0x0002);
      const attributesFile = await card.readBinaryAll();
      const attributes = TlvFields.parse(attributesFile, 0xff20, 0xdf21);
      expect(new TextDecoder().decode(attributes.get(0xdf22))).toBe(residentName(p));
      expect(new TextDecoder().decode(attributes.get(0xdf23))).toBe(residentAddress(p));
      expect(parseDate(attributes.get(0xdf24))).toBe(p.birthDate);
      expect(new TextDecoder().decode(attributes.get(0xdf25))).toBe(sexDigit(cut));
      await card.selectEf(0x0003);
      const integrity = TlvFields.parse(await card.readBinaryAll(), 0xff30);
      expect(pkcs1Sha256(issuer, integrity.bytesBefore(0xdf33), integrity.get(0xdf33))).toBe(true);
      await card.selectEf(0x0001);
      const physical = await card.readBinaryPhysical();
      expect(physical.length).toBe(17);
      expect(toHex(integrity.get(0xdf31))).toBe(toHex(sha256(physical)));
      // Attributes::digest_source: the outer value from DF22 on (DF21 skipped).
      const outer = berParse(attributesFile).value;
      const table = berParse(outer);
      expect(toHex(integrity.get(0xdf32))).toBe(toHex(sha256(outer.subarray(2 + 1 + table.value.length))));
      expect(t.commands).toContain("00A4020C020007");
      expect(t.commands.filter((c) => c === "00B0000000").length).toBeGreaterThanOrEqual(6);
    },
  },
  {
    name: "text AP presence proof: GET CHALLENGE 16, 80 2A 00 00 over DigestInfo(SHA-256) with no credential, verifies against 0007/DF51",
    async run(t, cut) {
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_INFO);
      await card.selectEf(0x0011);
      await card.verify(cut.credentials.cardInfoPin);
      await card.selectEf(0x0007);
      const cardKey = publicKeyFrom9091(TlvFields.parse(await card.readBinaryAll(), 0xff50).get(0xdf51));
      await card.selectDf(Aid.CARD_INFO); // nothing verified from here on
      const challenge = await card.getChallenge(16);
      const signature = await card.computeSignature(0x00, 0x00, digestInfo(sha256(challenge)));
      expect(pkcs1Sha256(cardKey, challenge, signature)).toBe(true);
      expect(t.commands.slice(-2)).toEqual(["0084000010", `802A000033${toHex(digestInfo(sha256(challenge)))}00`]);
    },
  },
  {
    name: "text AP: 照合番号A (0014) opens the My Number and not the attributes, 照合番号B (0015) the reverse",
    async run(t, cut) {
      const p = cut.card.persona;
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_INFO);
      await card.selectEf(0x0014);
      await card.verify(p.myNumber);
      await card.selectEf(0x0001);
      expect(new TextDecoder().decode(berParse(await card.readBinaryAll()).value)).toBe(p.myNumber);
      await card.selectEf(0x0002);
      await expectRefused(card.readBinaryAll(), 0x6982);
      await card.selectDf(Aid.CARD_INFO);
      await card.selectEf(0x0015);
      await card.verify(collationNumberB(p));
      await card.selectEf(0x0002);
      expect(new TextDecoder().decode(TlvFields.parse(await card.readBinaryAll(), 0xff20, 0xdf21).get(0xdf22))).toBe(residentName(p));
      await card.selectEf(0x0001);
      await expectRefused(card.readBinaryAll(), 0x6982);
      await card.selectEf(0x0003);
      expect((await card.readBinaryAll()).length).toBe(336);
    },
  },
  {
    name: "card-face AP: certificate (9000023), basic data with the municipality code, age record with the 和暦 birth-date key",
    async run(t, cut) {
      const p = cut.card.persona;
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_FACE);
      await card.selectEf(0x0004);
      const cert = parseCvCertificate(await card.readBinaryAll());
      expect(cert.issuer).toBe("9000023/001");
      expect(pkcs1Sha256(cut.apAuthority.publicKey("card-face"), cert.signedData, cert.signature)).toBe(true);
      const issuer = publicKeyFrom9091(cert.publicKey);
      await card.selectEf(0x0003);
      const basic = TlvFields.parse(await card.readBinaryAll(), 0xff30);
      expect(toHex(basic.get(0xdf31))).toBe("06030E01");
      expect(new TextDecoder().decode(basic.get(0xdf34))).toMatch(/^[0-9]{5}$/);
      expect(basic.get(0xdf35).length).toBe(16 + 256);
      await card.selectEf(0x0011);
      await card.verify(eraBirthDate(p.birthDate));
      await card.selectEf(0x0001);
      const age = TlvFields.parse(await card.readBinaryAll(), 0xff10);
      expect(parseDate(age.get(0xdf11))).toBe(p.birthDate);
      expect(pkcs1Sha256(issuer, age.bytesBefore(0xdf13), age.get(0xdf13))).toBe(true);
      expect(t.commands).toContain(`0020008006<secret>`);
    },
  },
  {
    name: "card-face AP with 照合番号A: card face (offsets, DF28 over three digests), presence proof against DF24, My Number image",
    async run(t, cut) {
      const p = cut.card.persona;
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_FACE);
      await card.selectEf(0x0004);
      const issuer = publicKeyFrom9091(parseCvCertificate(await card.readBinaryAll()).publicKey);
      await card.selectEf(0x0013);
      await card.verify(p.myNumber);
      await card.selectEf(0x0002);
      const faceKey = checkCardFace(await card.readBinaryAll(), cut, issuer);
      const challenge = await card.getChallenge(16);
      expect(pkcs1Sha256(faceKey, challenge, await card.computeSignature(0x00, 0x00, digestInfo(sha256(challenge))))).toBe(true);
      await card.selectEf(0x0005);
      const image = TlvFields.parse(await card.readBinaryAll(), 0xff40);
      expect(new TextDecoder().decode(image.get(0xdf41))).toContain(p.myNumber);
      expect(pkcs1Sha256(issuer, image.bytesBefore(0xdf43), image.get(0xdf43))).toBe(true);
    },
  },
  {
    name: "card-face AP with 照合番号B (era YYMMDD + expiry year + code): card face, but not the My Number image (6982)",
    async run(t, cut) {
      const card = new MynaCard(t);
      await card.selectDf(Aid.CARD_FACE);
      await card.selectEf(0x0004);
      const issuer = publicKeyFrom9091(parseCvCertificate(await card.readBinaryAll()).publicKey);
      await card.selectEf(0x0012);
      await card.verify(collationNumberB(cut.card.persona));
      await card.selectEf(0x0002);
      checkCardFace(await card.readBinaryAll(), cut, issuer);
      await card.selectEf(0x0005);
      await expectRefused(card.readBinaryAll(), 0x6982);
      expect(t.commands).toContain("002000800E<secret>");
    },
  },
  {
    name: "JPKI: token info (160 bytes, CK_TOKEN_INFO), availability 8F 8F 00, certificates, retries 3 and 5",
    async run(t, cut) {
      const card = new MynaCard(t);
      await card.selectDf(Aid.JPKI);
      await card.selectEf(0x0006);
      const token = await card.readBinaryPhysical();
      expect(token.length).toBe(160);
      const view = new DataView(token.buffer, token.byteOffset, token.byteLength);
      expect(new TextDecoder().decode(token.subarray(0, 32)).trimEnd()).toBe("JPKIAPICCTOKEN2");
      expect(view.getUint32(96)).toBe(0x40d);
      expect([view.getUint32(116), view.getUint32(120)]).toEqual([16, 6]);
      expect(new TextDecoder().decode(token.subarray(140, 144))).toBe("0301");
      await card.selectEf(0x0008);
      expect(toHex(await card.readBinaryPhysical())).toBe("8F8F00");
      await card.selectEf(0x000a);
      expect(toHex(await card.readBinaryAll())).toBe(toHex(cut.card.authCertificate.der));
      await card.selectEf(0x000b);
      new X509Certificate(await card.readBinaryAll());
      await card.selectEf(0x0018);
      expect(await card.pinRetries()).toBe(3);
      await card.selectEf(0x001b);
      expect(await card.pinRetries()).toBe(5);
    },
  },
  {
    name: "JPKI signing by short EF identifier (80 2A <00..05> 97 / 9A, no SELECT of the key), every scheme checked",
    async run(t, cut) {
      const card = new MynaCard(t);
      await card.selectDf(Aid.JPKI);
      await card.selectEf(0x0018);
      await card.verify(cut.credentials.authPin);
      await card.selectEf(0x001b);
      await card.verify(cut.credentials.signPassword);
      const message = new TextEncoder().encode("myna-card signing test");
      const hash = sha256(message);
      const keys = { 0x97: cut.card.authCertificate.publicKey, 0x9a: new X509Certificate(cut.card.signCertificate?.der ?? new Uint8Array(0)).publicKey };
      for (const [p2, key] of Object.entries(keys).map(([k, v]) => [Number(k), v] as const)) {
        t.clear();
        expect(toHex(pkcs1Payload(await card.computeSignature(0x00, p2, Uint8Array.of(0x01, 0x02)), key))).toBe("0102");
        expect(toHex(pkcs1Payload(await card.computeSignature(0x01, p2, message), key))).toBe(toHex(hash));
        expect(pkcs1Sha256(key, message, await card.computeSignature(0x02, p2, hash))).toBe(true);
        expect(pkcs1Sha256(key, message, await card.computeSignature(0x03, p2, message))).toBe(true);
        expect(pssSha256(key, message, await card.computeSignature(0x04, p2, hash))).toBe(true);
        expect(pssSha256(key, message, await card.computeSignature(0x05, p2, message))).toBe(true);
        expect(t.commands.map((c) => c.slice(0, 8))).toEqual([0, 1, 2, 3, 4, 5].map((p1) => `802A0${p1}${p2.toString(16).toUpperCase()}`));
      }
      // The test vector of myna-card's `signing_names_the_key_in_p2_instead_of_selecting_it`.
      expect((await card.call(Uint8Array.of(0x80, 0x2a, 0x00, 0x97, 0x02, 0x01, 0x02, 0x00))).sw).toBe(0x9000);
      await expectRefused(card.computeSignature(0x06, 0x97, message), 0x6a86);
    },
  },
  {
    name: "logout by power cycle: after a reset the same 80 2A 00 97 answers 6982",
    async run(t, cut, reset) {
      const card = new MynaCard(t);
      await card.selectDf(Aid.JPKI);
      await card.selectEf(0x0018);
      await card.verify(cut.credentials.authPin);
      expect((await card.computeSignature(0x00, 0x97, Uint8Array.of(1))).length).toBe(256);
      await reset();
      await card.selectDf(Aid.JPKI);
      await expectRefused(card.computeSignature(0x00, 0x97, Uint8Array.of(1)), 0x6982);
    },
  },
];
