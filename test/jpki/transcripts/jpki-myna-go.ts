/**
 * jpki/myna's Go library as it reaches the card (the flows of `_go/libmyna/api.go` @ 5aceeb8f3270adb562516308c4c795ae2d8666ee
 * with `reader.go`, `jpki_ap.go` @ 6c7556a87dd9d5ba5cd2adfad77f4c93c276ee46, `text_ap.go` @ 5aceeb8f and
 * `libmyna/visual_ap.go` @ f021f5487bce2e7f9d3d61339ec796d9fda41947; docs/domain/card-applications.md "Client transcripts").
 * The library has no logout (it releases the PC/SC context) and no read with 照合番号B.
 */
import { createHash, X509Certificate, verify as verifySignature } from "node:crypto";
import { expect } from "vitest";
import { toHex } from "../../../sim/apdu/index.ts";
import { Aid, sha256DigestInfo } from "../../../sim/jpki/index.ts";
import { residentAddress, residentName } from "../../../sim/personas/index.ts";
import * as go from "../clients/jpki-myna-go.ts";
import { chunkedReads, selectDfHex, selectEfHex } from "../clients/transcript-channel.ts";
import type { TranscriptStep } from "../clients/transcript-step.ts";
import { fileContent, pkcs1Payload, sexDigit } from "./card-files.ts";

const VERIFY = "0020008004<secret>";
const EMPTY_VERIFY = "00200080";

export const jpkiMynaGoSteps: readonly TranscriptStep[] = [
  {
    name: "CheckCard: SELECT JPKI, 32 bytes of EF 0006 → JPKIAPICCTOKEN2",
    async run(t) {
      expect(await go.checkCard(t)).toBe("JPKIAPICCTOKEN2");
      expect(t.commands).toEqual([selectDfHex(Aid.JPKI), selectEfHex(0x0006), selectEfHex(0x0006), "00B0000020"]);
    },
  },
  {
    name: "GetPinStatus: an empty VERIFY on JPKI 0018/001B, card-face 0013/0012, card-info 0011/0014/0015, all 63Cx",
    async run(t) {
      expect(await go.getPinStatus(t)).toEqual({ jpki_auth: 3, jpki_sign: 5, visual_pin_a: 10, visual_pin_b: 10, text_pin: 3, text_pin_a: 10, text_pin_b: 10 });
      expect(t.commands).toEqual([
        selectDfHex(Aid.JPKI),
        selectEfHex(0x0018),
        EMPTY_VERIFY,
        selectEfHex(0x001b),
        EMPTY_VERIFY,
        selectEfHex(0x0006),
        "00B0000020",
        selectDfHex(Aid.CARD_FACE),
        selectEfHex(0x0013),
        EMPTY_VERIFY,
        selectEfHex(0x0012),
        EMPTY_VERIFY,
        selectDfHex(Aid.CARD_INFO),
        selectEfHex(0x0011),
        EMPTY_VERIFY,
        selectEfHex(0x0014),
        EMPTY_VERIFY,
        selectEfHex(0x0015),
        EMPTY_VERIFY,
      ]);
    },
  },
  {
    name: "GetMyNumber: VERIFY 0011, exactly 17 bytes of EF 0001, private tag 16",
    async run(t, cut) {
      expect(await go.getMyNumber(t, cut.credentials.cardInfoPin)).toBe(cut.card.persona.myNumber);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0011), VERIFY, selectEfHex(0x0001), "00B0000011"]);
    },
  },
  {
    name: "GetAttrInfo: 7 bytes of EF 0002, then the whole FF20 from offset 0, unmarshalled as TextAttrs",
    async run(t, cut) {
      const p = cut.card.persona;
      const attrs = await go.getAttrInfo(t, cut.credentials.cardInfoPin);
      expect(attrs).toMatchObject({ Name: residentName(p), Address: residentAddress(p), Birth: p.birthDate.replaceAll("-", ""), Sex: sexDigit(cut) });
      expect((attrs.Header as Uint8Array).length).toBe(8);
      const size = fileContent(cut, Aid.CARD_INFO, 0x0002).length;
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0011), VERIFY, selectEfHex(0x0002), "00B0000007", ...chunkedReads(0, size)]);
    },
  },
  {
    name: "ReadSignature: exactly 336 bytes of EF 0003 (00 B0 00 00 00, 00 B0 01 00 50), TextSignature",
    async run(t, cut) {
      const sig = await go.readTextSignature(t, cut.credentials.cardInfoPin);
      const myNumberFile = fileContent(cut, Aid.CARD_INFO, 0x0001);
      expect(toHex(sig.MyNumDigest as Uint8Array)).toBe(toHex(createHash("sha256").update(myNumberFile).digest()));
      expect((sig.AttrsDigest as Uint8Array).length).toBe(32);
      expect((sig.Signature as Uint8Array).length).toBe(256);
      expect(t.commands.slice(-3)).toEqual([selectEfHex(0x0003), "00B0000000", "00B0010050"]);
    },
  },
  {
    name: "ReadCertificate: exactly 568 bytes of EF 0004 (00, 00, 38), application 33 around application 78",
    async run(t) {
      const cert = await go.readTextCertificate(t);
      expect(cert.body.length).toBe(297);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0004), "00B0000000", "00B0010000", "00B0020038"]);
    },
  },
  {
    name: "ReadBasicInfo: exactly 256 bytes of EF 0005, FF40 with a 4-byte APInfo and a 16-byte KeyID",
    async run(t) {
      const info = await go.readTextBasicInfo(t);
      expect(toHex(info.APInfo)).toBe("01030E01");
      expect(info.KeyID.length).toBe(16);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0005), "00B0000000"]);
    },
  },
  {
    name: "GetVisualInfo with 照合番号A: the My Number read with the PIN, VERIFY it on card-face 0013, VisualInfo from EF 0002",
    async run(t, cut) {
      const p = cut.card.persona;
      const myNumber = await go.getMyNumber(t, cut.credentials.cardInfoPin);
      t.clear();
      const info = await go.getVisualInfo(t, myNumber);
      expect(info).toMatchObject({ Birth: p.birthDate.replaceAll("-", ""), Sex: sexDigit(cut), Expire: p.cardExpiry.replaceAll("-", "") });
      expect(toHex((info.Photo as Uint8Array).subarray(4, 8))).toBe("6A502020");
      expect((info.Signature as Uint8Array).length).toBe(256);
      const size = fileContent(cut, Aid.CARD_FACE, 0x0002).length;
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_FACE), selectEfHex(0x0013), "002000800C<secret>", selectEfHex(0x0002), "00B0000007", ...chunkedReads(0, size)]);
    },
  },
  {
    name: "GetJPKICert: auth certificate 000A and its CA 000B without a PIN, signing certificate 0001 after VERIFY 001B",
    async run(t, cut) {
      const auth = await go.getJpkiCert(t, "00 0A");
      expect(toHex(auth)).toBe(toHex(cut.card.authCertificate.der));
      expect(t.commands).toEqual([selectDfHex(Aid.JPKI), selectEfHex(0x000a), "00B0000007", ...chunkedReads(0, auth.length)]);
      new X509Certificate(await go.getJpkiCert(t, "00 0B"));
      t.clear();
      const sign = await go.getJpkiCert(t, "00 01", cut.credentials.signPassword);
      expect(toHex(sign)).toBe(toHex(cut.card.signCertificate?.der ?? new Uint8Array(0)));
      expect(t.commands.slice(0, 4)).toEqual([selectDfHex(Aid.JPKI), selectEfHex(0x001b), `0020008008<secret>`, selectEfHex(0x0001)]);
    },
  },
  {
    name: "JPKISignSigner.Sign: VERIFY 001B, SELECT 001A, 80 2A 00 80 over a SHA-256 DigestInfo",
    async run(t, cut) {
      const message = new TextEncoder().encode("a CMS signed attribute set");
      const signature = await go.jpkiSignSign(t, cut.credentials.signPassword, sha256DigestInfo(message));
      const certificate = new X509Certificate(cut.card.signCertificate?.der ?? new Uint8Array(0));
      expect(verifySignature("sha256", message, certificate.publicKey, signature)).toBe(true);
      expect(t.commands.at(-1)).toMatch(/^802A008033[0-9A-F]{102}00$/);
    },
  },
  {
    name: "CmsSignJPKISignUser: VERIFY 0018, SELECT 0017, 80 2A 00 80 over the raw content",
    async run(t, cut) {
      const content = new TextEncoder().encode("raw file content signed as it is");
      const signature = await go.cmsSignJpkiSignUser(t, cut.credentials.authPin, content);
      expect(toHex(pkcs1Payload(signature, cut.card.authCertificate.publicKey))).toBe(toHex(content));
      expect(t.commands.slice(0, 4)).toEqual([selectDfHex(Aid.JPKI), selectEfHex(0x0018), VERIFY, selectEfHex(0x0017)]);
    },
  },
];
