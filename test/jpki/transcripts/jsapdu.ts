/**
 * AokiApp/jsapdu as it reaches the card: the examples `packages/mynacard/example/kenhojo/*.ts` and
 * `example/kenkaku/read_entries.ts` @ 183df38ce97f5addb2bad28917b3de58212ee3ec, the helpers of
 * `packages/interface/src/apdu/command-utils/*.ts` @ 127cf43424c342f7041dd45a7825ad89945e02b4 (SFI READ BINARY with
 * extended Le 65536, SFI VERIFY), the schemas of `packages/mynacard/src/schema.ts` @ 0c5a6aa5d0da369048bff747da0db811678e391c
 * and the JPKI reads of its README (docs/domain/card-applications.md "AokiApp/jsapdu"). jsapdu has no PIN-status,
 * signing or logout helper. It expects one READ BINARY to return the whole EF.
 */
import { X509Certificate } from "node:crypto";
import { expect } from "vitest";
import { type ApduChannel, toHex } from "../../../sim/apdu/index.ts";
import { Aid } from "../../../sim/jpki/index.ts";
import { collationNumberB, eraBirthDate, residentAddress, residentName } from "../../../sim/personas/index.ts";
import { publicKeyFrom9091 } from "../clients/card-public-key.ts";
import * as js from "../clients/jsapdu.ts";
import { selectDfHex } from "../clients/transcript-channel.ts";
import type { TranscriptStep } from "../clients/transcript-step.ts";
import { sexDigit } from "./card-files.ts";

const text = (v: js.Parsed | undefined) => new TextDecoder().decode(v instanceof Uint8Array ? v : new Uint8Array(0));
const bytes = (v: js.Parsed | undefined) => (v instanceof Uint8Array ? v : new Uint8Array(0));
const fields = (v: js.Parsed) => v as { [name: string]: js.Parsed };

/** `decodeOffsets`: big-endian u16 pairs. */
function offsets(v: js.Parsed | undefined): number[] {
  const b = bytes(v);
  return Array.from({ length: b.length / 2 }, (_, i) => ((b[2 * i] as number) << 8) | (b[2 * i + 1] as number));
}

async function ok(t: ApduChannel, command: Uint8Array): Promise<Uint8Array> {
  const r = await js.transmit(t, command);
  expect(r.sw.toString(16)).toBe("9000");
  return r.data;
}

export const jsapduSteps: readonly TranscriptStep[] = [
  {
    name: "kenhojo: VERIFY PIN by SFI (00 20 00 91), My Number by SFI 1 with Le 65536, kenhojoMyNumber",
    async run(t, cut) {
      await ok(t, js.selectDf(Aid.CARD_INFO));
      await ok(t, js.verify(cut.credentials.cardInfoPin, { ef: js.KENHOJO_AP_EF.PIN }));
      const res = await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.MY_NUMBER));
      expect(js.parseKenhojoMyNumber(res)).toBe(cut.card.persona.myNumber);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), "0020009104<secret>", "00B08100000000"]);
    },
  },
  {
    name: "kenhojo: basic four (SFI 2), signature (SFI 3), certificate (SFI 4), auth key (SFI 7), each one extended read",
    async run(t, cut) {
      const p = cut.card.persona;
      await ok(t, js.selectDf(Aid.CARD_INFO));
      await ok(t, js.verify(cut.credentials.cardInfoPin, { ef: js.KENHOJO_AP_EF.PIN }));
      const four = fields(js.schemaParse(js.schemaKenhojoBasicFour, await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.BASIC_FOUR))).parsed);
      expect([text(four.name), text(four.address), text(four.birth), text(four.gender)]).toEqual([residentName(p), residentAddress(p), p.birthDate.replaceAll("-", ""), sexDigit(cut)]);
      expect(offsets(four.offsets)).toHaveLength(4);
      const signature = fields(js.schemaParse(js.schemaKenhojoSignature, await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.SIGNATURE))).parsed);
      expect(bytes(signature.thisSignature).length).toBe(256);
      const certificate = fields(js.schemaParse(js.schemaCertificate, await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.CERTIFICATE))).parsed);
      const contents = bytes(certificate.contents);
      expect(new TextDecoder().decode(contents.subarray(0, 7))).toBe("9000033");
      publicKeyFrom9091(contents.subarray(32));
      const authKey = fields(js.schemaParse(js.schemaKenhojoAuthKey, await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.AUTH_KEY))).parsed);
      publicKeyFrom9091(bytes(authKey.publicKey));
      expect(t.commands.slice(2)).toEqual(["00B08200000000", "00B08300000000", "00B08400000000", "00B08700000000"]);
    },
  },
  {
    name: "kenhojo: the certificate and AP information need no PIN; 照合番号A (SFI 14) and B (SFI 15) open the My Number and the four facts",
    async run(t, cut) {
      const p = cut.card.persona;
      await ok(t, js.selectDf(Aid.CARD_INFO));
      js.schemaParse(js.schemaCertificate, await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.CERTIFICATE)));
      expect(toHex((await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.INFORMATION))).subarray(0, 5))).toBe("FF4082009F");
      await ok(t, js.verify(p.myNumber, { ef: js.KENHOJO_AP_EF.PIN_A }));
      expect(js.parseKenhojoMyNumber(await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.MY_NUMBER)))).toBe(p.myNumber);
      await ok(t, js.verify(collationNumberB(p), { ef: js.KENHOJO_AP_EF.PIN_B }));
      const four = fields(js.schemaParse(js.schemaKenhojoBasicFour, await ok(t, js.readEfBinaryFull(js.KENHOJO_AP_EF.BASIC_FOUR))).parsed);
      expect(text(four.name)).toBe(residentName(p));
      expect(t.commands.filter((c) => c.startsWith("00200094") || c.startsWith("00200095"))).toEqual(["002000940C<secret>", "002000950E<secret>"]);
    },
  },
  {
    name: "kenkaku: VERIFY PIN_A by SFI (00 20 00 93), entries by SFI 2 (kenkakuEntries), My Number image by SFI 5",
    async run(t, cut) {
      const p = cut.card.persona;
      await ok(t, js.selectDf(Aid.CARD_FACE));
      await ok(t, js.verify(p.myNumber, { ef: js.KENKAKU_AP_EF.PIN_A }));
      const entries = fields(js.schemaParse(js.schemaKenkakuEntries, await ok(t, js.readEfBinaryFull(js.KENKAKU_AP_EF.ENTRIES))).parsed);
      expect(text(entries.birth)).toBe(p.birthDate.replaceAll("-", ""));
      expect(text(entries.expire)).toBe(p.cardExpiry.replaceAll("-", ""));
      expect(offsets(entries.offsets)).toHaveLength(9);
      publicKeyFrom9091(bytes(entries.publicKey));
      expect(toHex(bytes(entries.faceJp2).subarray(4, 8))).toBe("6A502020");
      const image = fields(js.schemaParse(js.schemaKenkakuMyNumber, await ok(t, js.readEfBinaryFull(js.KENKAKU_AP_EF.MY_NUMBER))).parsed);
      expect(toHex(bytes(image.myNumberPng).subarray(1, 4))).toBe("504E47");
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_FACE), "002000930C<secret>", "00B08200000000", "00B08500000000"]);
    },
  },
  {
    name: "kenkaku: birth key by SFI (00 20 00 91, 和暦 YYMMDD) opens kenkakuBirth (SFI 1); PIN_B by SFI (00 20 00 92) opens the entries",
    async run(t, cut) {
      const p = cut.card.persona;
      await ok(t, js.selectDf(Aid.CARD_FACE));
      await ok(t, js.verify(eraBirthDate(p.birthDate), { ef: js.KENKAKU_AP_EF.BIRTH_PIN }));
      const birth = fields(js.schemaParse(js.schemaKenkakuBirth, await ok(t, js.readEfBinaryFull(js.KENKAKU_AP_EF.BIRTH))).parsed);
      expect(text(birth.birth)).toBe(p.birthDate.replaceAll("-", ""));
      await ok(t, js.verify(collationNumberB(p), { ef: js.KENKAKU_AP_EF.PIN_B }));
      js.schemaParse(js.schemaKenkakuEntries, await ok(t, js.readEfBinaryFull(js.KENKAKU_AP_EF.ENTRIES)));
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_FACE), "0020009106<secret>", "00B08100000000", "002000920E<secret>", "00B08200000000"]);
    },
  },
  {
    name: "JPKI: auth certificate by SFI 0A; the signing certificate by SFI 1 answers 6982 until VERIFY by SFI 1B",
    async run(t, cut) {
      await ok(t, js.selectDf(Aid.JPKI));
      expect(toHex(await ok(t, js.readEfBinaryFull(js.JPKI_AP_EF.AUTH_CERT)))).toBe(toHex(cut.card.authCertificate.der));
      new X509Certificate(await ok(t, js.readEfBinaryFull(js.JPKI_AP_EF.AUTH_CERT_CA)));
      // The README reads SFI 1 with no VERIFY; the card refuses that, as it keeps the signing certificate behind the password.
      expect((await js.transmit(t, js.readEfBinaryFull(js.JPKI_AP_EF.SIGN_CERT))).sw.toString(16)).toBe("6982");
      await ok(t, js.verify(new TextEncoder().encode(cut.credentials.signPassword), { ef: js.JPKI_AP_EF.SIGN_PIN }));
      expect(toHex(await ok(t, js.readEfBinaryFull(js.JPKI_AP_EF.SIGN_CERT)))).toBe(toHex(cut.card.signCertificate?.der ?? new Uint8Array(0)));
      expect(t.commands).toEqual([selectDfHex(Aid.JPKI), "00B08A00000000", "00B08B00000000", "00B08100000000", "0020009B08<secret>", "00B08100000000"]);
    },
  },
];
