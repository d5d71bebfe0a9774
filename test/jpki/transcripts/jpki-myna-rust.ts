/**
 * jpki/myna's Rust tool as it reaches the card: `src/pin.rs`, `src/text.rs`, `src/visual.rs`, `src/reader.rs`
 * @ 1d6bd482cc0c48bac4a228096de35eb6caef0e0d and `src/jpki.rs` @ 191f4a97ce7d3cd46150f6255d4a356fa54cc987
 * (docs/domain/card-applications.md "jpki/myna — Rust"). `read_binary_all` reads 7 bytes, then what the BER parser
 * says is missing from offset 7. No logout, no read with 照合番号B.
 */
import { verify as verifySignature, X509Certificate } from "node:crypto";
import { expect } from "vitest";
import { toHex } from "../../../sim/apdu/index.ts";
import { Aid, sha256DigestInfo } from "../../../sim/jpki/index.ts";
import { residentAddress, residentName } from "../../../sim/personas/index.ts";
import * as rust from "../clients/jpki-myna-rust.ts";
import { chunkedReads, selectDfHex, selectEfHex } from "../clients/transcript-channel.ts";
import type { TranscriptStep } from "../clients/transcript-step.ts";
import { facePhoto } from "../../../sim/cards/index.ts";
import { fileContent, pkcs1Payload, sexDigit } from "./card-files.ts";

const EMPTY_VERIFY = "00200080";

export const jpkiMynaRustSteps: readonly TranscriptStep[] = [
  {
    name: "pin status: text 0011/0014/0015, visual 0013/0012, JPKI 0018/001B, SW1 63 each",
    async run(t) {
      expect(await rust.pinStatus(t)).toEqual({ "text 0011": 3, "text 0014": 10, "text 0015": 10, "visual 0013": 10, "visual 0012": 10, "jpki 0018": 3, "jpki 001B": 5 });
      expect(t.commands).toEqual([
        selectDfHex(Aid.CARD_INFO),
        ...[0x0011, 0x0014, 0x0015].flatMap((f) => [selectEfHex(f), EMPTY_VERIFY]),
        selectDfHex(Aid.CARD_FACE),
        ...[0x0013, 0x0012].flatMap((f) => [selectEfHex(f), EMPTY_VERIFY]),
        selectDfHex(Aid.JPKI),
        ...[0x0018, 0x001b].flatMap((f) => [selectEfHex(f), EMPTY_VERIFY]),
      ]);
    },
  },
  {
    name: "text basic-info: EF 0005 without a PIN, 7 bytes then the missing 157 from offset 7 (FF 40 82 00 9F)",
    async run(t) {
      const info = await rust.textBasicInfo(t);
      expect(toHex(info.apid)).toBe("01030E01");
      expect(info.pubkeyId.length).toBe(16);
      expect(info.read).toBe(5 + 0x9f);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0005), "00B0000007", "00B000079D"]);
    },
  },
  {
    name: "text mynumber: VERIFY 0011, SELECT 0001, read_binary(0, 17)",
    async run(t, cut) {
      expect(await rust.textMyNumber(t, cut.credentials.cardInfoPin)).toBe(cut.card.persona.myNumber);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0011), "0020008004<secret>", selectEfHex(0x0001), "00B0000011"]);
    },
  },
  {
    name: "text attrs: VERIFY 0011, SELECT 0002, read_binary_all, header TLV skipped, four UTF-8 values",
    async run(t, cut) {
      const p = cut.card.persona;
      expect(await rust.textAttrs(t, cut.credentials.cardInfoPin)).toEqual({
        name: residentName(p),
        addr: residentAddress(p),
        birth: p.birthDate.replaceAll("-", ""),
        sex: sexDigit(cut),
      });
      const size = fileContent(cut, Aid.CARD_INFO, 0x0002).length;
      expect(t.commands.slice(3)).toEqual([selectEfHex(0x0002), "00B0000007", ...chunkedReads(7, size - 7)]);
    },
  },
  {
    name: "visual photo: the My Number, VERIFY it on card-face 0013, read_binary_all of 0002, the 7th TLV is the JP2 photo",
    async run(t, cut) {
      const photo = await rust.visualPhoto(t, cut.credentials.cardInfoPin);
      expect(toHex(photo)).toBe(toHex(facePhoto(cut.card.persona)));
      const size = fileContent(cut, Aid.CARD_FACE, 0x0002).length;
      expect(t.commands.slice(5)).toEqual([selectDfHex(Aid.CARD_FACE), selectEfHex(0x0013), "002000800C<secret>", selectEfHex(0x0002), "00B0000007", ...chunkedReads(7, size - 7)]);
    },
  },
  {
    name: "JPKI: token name from 32 bytes of EF 0006; the card's auth certificate needs no PIN",
    async run(t, cut) {
      const der = await rust.jpkiAuthCertificate(t, cut.credentials.authPin);
      expect(toHex(der)).toBe(toHex(cut.card.authCertificate.der));
      expect(t.commands.slice(0, 5)).toEqual([selectDfHex(Aid.JPKI), selectEfHex(0x0006), "00B0000020", selectEfHex(0x000a), "00B0000007"]);
      expect(t.commands.slice(5)).toEqual(chunkedReads(7, der.length - 7));
    },
  },
  {
    name: "pkey sign / cms sign: VERIFY 001B (upper-cased) or 0018, SELECT 001A / 0017, 80 2A 00 80",
    async run(t, cut) {
      const message = new TextEncoder().encode("document to sign");
      const sign = await rust.jpkiSign(t, "sign", cut.credentials.signPassword.toLowerCase(), sha256DigestInfo(message));
      expect(verifySignature("sha256", message, new X509Certificate(cut.card.signCertificate?.der ?? new Uint8Array(0)).publicKey, sign)).toBe(true);
      const raw = Uint8Array.of(1, 2, 3, 4);
      const auth = await rust.jpkiSign(t, "auth", cut.credentials.authPin, raw);
      expect(toHex(pkcs1Payload(auth, cut.card.authCertificate.publicKey))).toBe("01020304");
      expect(t.commands.filter((c) => c.startsWith("802A"))).toHaveLength(2);
    },
  },
];
