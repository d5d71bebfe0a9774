import { createHash, verify as verifySignature } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CommandApdu, readTlv, readTlvList, ResponseApdu, StatusWord, toHex } from "../../sim/apdu/index.ts";
import { facePhoto, type MyNumberCard } from "../../sim/cards/index.ts";
import { Aid, CardFaceFile, CardInfoFile, JpkiClient } from "../../sim/jpki/index.ts";
import { collationNumberB, eraBirthDate, isValidMyNumber, residentAddress, residentName } from "../../sim/personas/index.ts";
import { readFacePhoto } from "../../sim/readers/face-auth/face-photo.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";
import { publicKeyFrom9091 } from "../jpki/clients/card-public-key.ts";

const registry = freshCardRegistry();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function readAll(client: JpkiClient, fid: number): Promise<Uint8Array> {
  await client.selectFile(fid);
  return client.readBinary(0, 65536);
}

function fields(file: Uint8Array): Map<number, Uint8Array> {
  return new Map(readTlvList(readTlv(file).tlv.value).map((t) => [t.tag, t.value]));
}

let card: MyNumberCard;
beforeAll(async () => {
  card = await registry.card("P0001");
});

describe("card-info input support AP (券面事項入力補助AP)", () => {
  it("keeps EF 0001 at 17 bytes (FF 10 0C + 12 digits + FF FF) and the four facts behind the PIN", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_INFO);
    await expect(readAll(client, CardInfoFile.MY_NUMBER)).rejects.toThrow(/6982/);
    expect(await client.verify(CardInfoFile.PIN, "1234")).toEqual({ verified: true });
    const myNumberFile = await readAll(client, CardInfoFile.MY_NUMBER);
    expect(myNumberFile.length).toBe(17);
    expect(toHex(myNumberFile.subarray(15))).toBe("FFFF");
    const myNumber = readTlv(myNumberFile).tlv;
    expect(myNumber.tag).toBe(0xff10);
    expect(isValidMyNumber(text(myNumber.value))).toBe(true);
    const four = await readAll(client, CardInfoFile.BASIC_FOUR);
    const f = fields(four);
    expect(text(f.get(0xdf22) ?? new Uint8Array(0))).toBe(residentName(card.persona));
    expect(text(f.get(0xdf23) ?? new Uint8Array(0))).toBe(residentAddress(card.persona));
    expect(text(f.get(0xdf24) ?? new Uint8Array(0))).toBe("19800401");
    expect(text(f.get(0xdf25) ?? new Uint8Array(0))).toBe("1");
    // DF21: one u16 per field, the offset of its tag from the first byte of the file.
    const table = f.get(0xdf21) ?? new Uint8Array(0);
    const offsets = Array.from({ length: table.length / 2 }, (_, i) => ((table[2 * i] as number) << 8) | (table[2 * i + 1] as number));
    expect(offsets.map((o) => toHex(four.subarray(o, o + 2)))).toEqual(["DF22", "DF23", "DF24", "DF25"]);
  });

  it("writes sex in ISO 5218: 9 (not applicable) for the catalogue's other", async () => {
    const other = await registry.card("P0014");
    const client = new JpkiClient(new InProcessTransceiver(other));
    await client.selectApplication(Aid.CARD_INFO);
    await client.verify(CardInfoFile.PIN, "1234");
    expect(text(fields(await readAll(client, CardInfoFile.BASIC_FOUR)).get(0xdf25) ?? new Uint8Array(0))).toBe("9");
  });

  it("has every key EF public clients select, with empty VERIFY reading its counter; 0012 is blocked from issue", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_INFO);
    expect(await client.triesLeft(CardInfoFile.PIN)).toBe(3);
    expect(await client.triesLeft(CardInfoFile.BLOCKED_0012)).toBe(0);
    expect(await client.triesLeft(CardInfoFile.PIN_A)).toBe(10);
    expect(await client.triesLeft(CardInfoFile.PIN_B)).toBe(10);
    expect(await client.verify(CardInfoFile.BLOCKED_0012, "1234")).toEqual({ verified: false, triesLeft: 0, blocked: true });
  });

  it("opens 0003, 0006, 0007 with the PIN or either 照合番号, and 0004, 0005, 0008 with nothing", async () => {
    for (const [pin, value] of [
      [CardInfoFile.PIN, "1234"],
      [CardInfoFile.PIN_A, card.persona.myNumber],
      [CardInfoFile.PIN_B, collationNumberB(card.persona)],
    ] as const) {
      const client = new JpkiClient(new InProcessTransceiver(card));
      await client.selectApplication(Aid.CARD_INFO);
      for (const fid of [CardInfoFile.INTEGRITY, CardInfoFile.SESSION_KEY, CardInfoFile.SIGNED_PUBLIC_KEY]) await expect(readAll(client, fid)).rejects.toThrow(/6982/);
      expect(await client.verify(pin, value)).toEqual({ verified: true });
      expect((await readAll(client, CardInfoFile.INTEGRITY)).length).toBe(336);
      expect(readTlv(await readAll(client, CardInfoFile.SESSION_KEY)).tlv.tag).toBe(0xa1);
      expect(readTlv(await readAll(client, CardInfoFile.SIGNED_PUBLIC_KEY)).tlv.tag).toBe(0xff50);
    }
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_INFO);
    expect((await readAll(client, CardInfoFile.CERTIFICATE)).length).toBe(568);
    expect((await readAll(client, CardInfoFile.AP_BASIC_INFO)).length).toBe(256);
    expect(toHex(await readAll(client, CardInfoFile.UNKNOWN_0008))).toBe("FF".repeat(16));
  });

  it("certifies the record key in EF 0004 with the test PKI's card-info CA, and that key signs EF 0003", async () => {
    const authority = await registry.apAuthority();
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_INFO);
    const cert = readTlv(await readAll(client, CardInfoFile.CERTIFICATE)).tlv.value;
    const [body, signature] = readTlvList(cert);
    expect([body?.tag, signature?.tag]).toEqual([0x5f4e, 0x5f37]);
    expect(verifySignature("sha256", body?.value ?? new Uint8Array(0), authority.publicKey("card-info"), signature?.value ?? new Uint8Array(0))).toBe(true);
    const recordKey = publicKeyFrom9091(body?.value.subarray(32) ?? new Uint8Array(0));
    await client.verify(CardInfoFile.PIN, "1234");
    const integrity = readTlv(await readAll(client, CardInfoFile.INTEGRITY)).tlv.value;
    const [df31, df32, df33] = readTlvList(integrity);
    const signed = integrity.subarray(0, 2 * (2 + 1 + 32)); // DF31 and DF32 as written
    expect(verifySignature("sha256", signed, recordKey, df33?.value ?? new Uint8Array(0))).toBe(true);
    expect(toHex(df31?.value ?? new Uint8Array(0))).toBe(toHex(createHash("sha256").update(await readAll(client, CardInfoFile.MY_NUMBER)).digest()));
    expect(df32?.value.length).toBe(32);
  });
});

describe("card-face AP (券面AP)", () => {
  it("opens EF 0002 with 照合番号A or 照合番号B, with the photo DF27 and the layout FF20 {DF21 … DF2A}", async () => {
    for (const [pin, value] of [
      [CardFaceFile.PIN_A, card.persona.myNumber],
      [CardFaceFile.PIN_B, collationNumberB(card.persona)],
    ] as const) {
      const client = new JpkiClient(new InProcessTransceiver(card));
      await client.selectApplication(Aid.CARD_FACE);
      await expect(readAll(client, CardFaceFile.ENTRIES)).rejects.toThrow(/6982/);
      expect(await client.verify(pin, value)).toEqual({ verified: true });
      const entries = readTlv(await readAll(client, CardFaceFile.ENTRIES)).tlv;
      expect(entries.tag).toBe(0xff20);
      const list = readTlvList(entries.value);
      expect(list.map((t) => t.tag.toString(16))).toEqual(["df21", "df22", "df23", "df24", "df25", "df26", "df27", "df28", "df29", "df2a"]);
      const photo = list.find((t) => t.tag === 0xdf27);
      expect(photo?.value).toEqual(facePhoto(card.persona));
      // JPEG 2000 signature box.
      expect(Array.from(photo?.value.subarray(4, 8) ?? [])).toEqual([0x6a, 0x50, 0x20, 0x20]);
    }
  });

  it("takes 照合番号B in its public form: 和暦 YYMMDD + expiry year + security code, not a Gregorian YY", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_FACE);
    const p = card.persona;
    const gregorian = p.birthDate.replaceAll("-", "").slice(2) + p.cardExpiry.slice(0, 4) + p.securityCode;
    expect(await client.verify(CardFaceFile.PIN_B, gregorian)).toMatchObject({ verified: false, triesLeft: 9 });
    expect(collationNumberB(p)).toBe(`550401${p.cardExpiry.slice(0, 4)}${p.securityCode}`);
    expect(await client.verify(CardFaceFile.PIN_B, collationNumberB(p))).toEqual({ verified: true });
  });

  it("opens EF 0005 with 照合番号A only and EF 0001 with the birth-date key only", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_FACE);
    await client.verify(CardFaceFile.PIN_B, collationNumberB(card.persona));
    await expect(readAll(client, CardFaceFile.MY_NUMBER)).rejects.toThrow(/6982/);
    await expect(readAll(client, CardFaceFile.AGE_RECORD)).rejects.toThrow(/6982/);
    await client.verify(CardFaceFile.PIN_A, card.persona.myNumber);
    expect(readTlv(await readAll(client, CardFaceFile.MY_NUMBER)).tlv.tag).toBe(0xff40);
    await client.selectApplication(Aid.CARD_FACE);
    expect(await client.verify(CardFaceFile.PIN_BIRTH_DATE, eraBirthDate(card.persona.birthDate))).toEqual({ verified: true });
    const age = fields(await readAll(client, CardFaceFile.AGE_RECORD));
    expect(text(age.get(0xdf11) ?? new Uint8Array(0))).toBe("19800401");
    expect(toHex(fields(await readAll(client, CardFaceFile.AP_BASIC_INFO)).get(0xdf34) ?? new Uint8Array(0))).toBe(toHex(new TextEncoder().encode("13101")));
  });

  it("renders the name, address and My Number images from the card-info AP's text, deterministically", async () => {
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_FACE);
    await client.verify(CardFaceFile.PIN_A, card.persona.myNumber);
    const face = fields(await readAll(client, CardFaceFile.ENTRIES));
    expect(text(face.get(0xdf25) ?? new Uint8Array(0))).toContain(residentName(card.persona));
    expect(text(face.get(0xdf26) ?? new Uint8Array(0))).toContain(residentAddress(card.persona));
    expect(text(face.get(0xdf2a) ?? new Uint8Array(0))).toContain(card.persona.securityCode);
    const again = await freshCardRegistry().card("P0001");
    expect(again.elementaryFile(Aid.CARD_FACE, CardFaceFile.ENTRIES)).toBeDefined();
    const mine = card.elementaryFile(Aid.CARD_FACE, CardFaceFile.ENTRIES);
    const theirs = again.elementaryFile(Aid.CARD_FACE, CardFaceFile.ENTRIES);
    expect(mine?.kind === "binary" && theirs?.kind === "binary" && toHex(mine.content) === toHex(theirs.content)).toBe(true);
  });

  it("gives the face-auth reader its photo with 照合番号B, parsing the new layout", async () => {
    const outcome = await readFacePhoto(new InProcessTransceiver(card), collationNumberB(card.persona));
    expect(outcome).toEqual({ kind: "photo", photo: facePhoto(card.persona) });
  });

  it("has an empty 住基AP that selects but holds no readable files", async () => {
    const t = new InProcessTransceiver(card);
    const sel = ResponseApdu.parse(await t.transmit(CommandApdu.of({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Aid.JUKI }).encode()));
    expect(sel.sw).toBe(0x9000);
    const ef = ResponseApdu.parse(await t.transmit(CommandApdu.of({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(0, 1) }).encode()));
    expect(ef.sw).toBe(StatusWord.FILE_NOT_FOUND);
  });
});
