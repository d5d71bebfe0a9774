/**
 * siketyan/jpki-rs as it reaches the card: `core/src/card.rs`, `core/src/ap/jpki.rs`
 * @ 15d4e7fe45c7848caae05103d8d2c40c92225797, `core/src/ap/support.rs`, `core/src/ap/surface.rs`, `core/src/der.rs`
 * @ 061f4e43f2dde59ddd05e7539c218d345c904dd4, the PIN status of `core/src/card.rs` @ 52371d33a127041811c65f02e69286a09343e9d9
 * and the CLI's SHA-1 DigestInfo (`cli/src/digest.rs` @ 52371d33; docs/domain/card-applications.md "siketyan/jpki-rs").
 * Not implemented by jpki-rs: the AP signature, certificate and info, 照合番号 in the text AP, logout.
 */
import { verify as verifySignature, X509Certificate } from "node:crypto";
import { expect } from "vitest";
import { toHex } from "../../../sim/apdu/index.ts";
import { facePhoto } from "../../../sim/cards/index.ts";
import { Aid } from "../../../sim/jpki/index.ts";
import { collationNumberB, residentAddress, residentName } from "../../../sim/personas/index.ts";
import * as rs from "../clients/jpki-rs.ts";
import { chunkedReads, selectDfHex, selectEfHex } from "../clients/transcript-channel.ts";
import type { TranscriptStep } from "../clients/transcript-step.ts";
import { fileContent } from "./card-files.ts";

export const jpkiRsSteps: readonly TranscriptStep[] = [
  {
    name: "PIN status: empty VERIFY (case 1) on 0018, 001B, 0013, 0012, 0011",
    async run(t) {
      expect(await rs.pinStatuses(t)).toEqual({ auth: 3, sign: 5, surfaceA: 10, surfaceB: 10, support: 3 });
      expect(t.commands.filter((c) => c === "00200080")).toHaveLength(5);
    },
  },
  {
    name: "support AP: VERIFY 0011, SELECT 0001, read(17), the DER value is the My Number",
    async run(t, cut) {
      expect(await rs.readMyNumber(t, cut.credentials.cardInfoPin)).toBe(cut.card.persona.myNumber);
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_INFO), selectEfHex(0x0011), "0020008004<secret>", selectEfHex(0x0001), "00B0000011"]);
    },
  },
  {
    name: "support AP attributes: read_der_size (7 bytes), a full re-read from 0, _header, name, address, birth, sex",
    async run(t, cut) {
      const p = cut.card.persona;
      const attrs = await rs.readAttributes(t, cut.credentials.cardInfoPin);
      expect(attrs).toEqual({ name: residentName(p), address: residentAddress(p), dateOfBirth: p.birthDate.replaceAll("-", ""), sex: p.sex === "male" ? "Male" : p.sex === "female" ? "Female" : "NotApplicable" });
      const size = fileContent(cut, Aid.CARD_INFO, 0x0002).length;
      expect(t.commands.slice(3)).toEqual([selectEfHex(0x0002), "00B0000007", ...chunkedReads(0, size)]);
    },
  },
  {
    name: "surface AP with Pin::A (0013) and with Pin::B (0012): the ten fields in order",
    async run(t, cut) {
      const p = cut.card.persona;
      const a = await rs.readSurface(t, { a: p.myNumber });
      expect(new TextDecoder().decode(a.dateOfBirth)).toBe(p.birthDate.replaceAll("-", ""));
      expect(new TextDecoder().decode(a.expiryDate)).toBe(p.cardExpiry.replaceAll("-", ""));
      expect(toHex(a.photo ?? new Uint8Array(0))).toBe(toHex(facePhoto(p)));
      const size = fileContent(cut, Aid.CARD_FACE, 0x0002).length;
      expect(t.commands).toEqual([selectDfHex(Aid.CARD_FACE), selectEfHex(0x0013), "002000800C<secret>", selectEfHex(0x0002), "00B0000007", ...chunkedReads(0, size)]);
      t.clear();
      const b = await rs.readSurface(t, { b: collationNumberB(p) });
      expect(toHex(b.signature ?? new Uint8Array(0))).toBe(toHex(a.signature ?? new Uint8Array(1)));
      expect(t.commands.slice(0, 3)).toEqual([selectDfHex(Aid.CARD_FACE), selectEfHex(0x0012), "002000800E<secret>"]);
    },
  },
  {
    name: "JPKI certificates: auth, auth CA, sign CA without a PIN; sign after VERIFY 001B; DER-sized reads",
    async run(t, cut) {
      expect(toHex(await rs.readCertificate(t, "auth"))).toBe(toHex(cut.card.authCertificate.der));
      new X509Certificate(await rs.readCertificate(t, "auth-ca"));
      new X509Certificate(await rs.readCertificate(t, "sign-ca"));
      t.clear();
      expect(toHex(await rs.readCertificate(t, "sign", cut.credentials.signPassword))).toBe(toHex(cut.card.signCertificate?.der ?? new Uint8Array(0)));
      expect(t.commands.slice(0, 5)).toEqual([selectDfHex(Aid.JPKI), selectEfHex(0x001b), "0020008008<secret>", selectEfHex(0x0001), "00B0000007"]);
    },
  },
  {
    name: "JPKI auth / sign: VERIFY, SELECT 0017 / 001A, 80 2A 00 80 over the CLI's SHA-1 DigestInfo",
    async run(t, cut) {
      const message = new TextEncoder().encode("jpki-rs message");
      const auth = await rs.jpkiSign(t, "auth", cut.credentials.authPin, rs.sha1DigestInfo(message));
      expect(verifySignature("sha1", message, cut.card.authCertificate.publicKey, auth)).toBe(true);
      const sign = await rs.jpkiSign(t, "sign", cut.credentials.signPassword, rs.sha1DigestInfo(message));
      expect(verifySignature("sha1", message, new X509Certificate(cut.card.signCertificate?.der ?? new Uint8Array(0)).publicKey, sign)).toBe(true);
      expect(t.commands.filter((c) => c.startsWith("802A0080233021"))).toHaveLength(2);
    },
  },
];
