import { describe, expect, it } from "vitest";
import { CommandApdu, readTlv, readTlvList, ResponseApdu, StatusWord } from "../../sim/apdu/index.ts";
import { facePhoto } from "../../sim/cards/index.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

import { Aid, CardFaceFile, CardInfoFile } from "../../sim/jpki/index.ts";
import { collationNumberB, isValidMyNumber } from "../../sim/personas/index.ts";
const registry = freshCardRegistry();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function readAll(client: JpkiClient, fid: number): Promise<Uint8Array> {
  await client.selectFile(fid);
  return client.readBinary(0, 65536);
}

describe("card-info input support AP (券面事項入力補助AP)", () => {
  it("gives the My Number and the four basic facts only after its PIN", async () => {
    const card = await registry.card("P0001");
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_INFO);
    await expect(readAll(client, CardInfoFile.MY_NUMBER)).rejects.toThrow(/6982/);
    expect(await client.verify(CardInfoFile.PIN, "1234")).toEqual({ verified: true });
    const myNumber = readTlv(await readAll(client, CardInfoFile.MY_NUMBER)).tlv;
    expect(myNumber.tag).toBe(0xff10);
    expect(text(myNumber.value)).toBe(card.persona.myNumber);
    expect(isValidMyNumber(text(myNumber.value))).toBe(true);
    const four = readTlv(await readAll(client, CardInfoFile.BASIC_FOUR)).tlv;
    expect(four.tag).toBe(0xff20);
    const fields = new Map(readTlvList(four.value).map((t) => [t.tag, text(t.value)]));
    expect(fields.get(0xdf22)).toBe(card.persona.name);
    expect(fields.get(0xdf23)).toBe(card.persona.address);
    expect(fields.get(0xdf24)).toBe(card.persona.birthDate.replaceAll("-", ""));
    expect(fields.get(0xdf25)).toBe("1");
  });
});

describe("card-face AP (券面AP)", () => {
  it("gives the face photo (DF27) with 照合番号B and not without", async () => {
    const card = await registry.card("P0002");
    const client = new JpkiClient(new InProcessTransceiver(card));
    await client.selectApplication(Aid.CARD_FACE);
    await expect(readAll(client, CardFaceFile.ENTRIES)).rejects.toThrow(/6982/);
    expect(await client.verify(CardFaceFile.PIN_B, "00000000000000")).toMatchObject({ verified: false, triesLeft: 9 });
    expect(await client.verify(CardFaceFile.PIN_B, collationNumberB(card.persona))).toEqual({ verified: true });
    const entries = readTlv(await readAll(client, CardFaceFile.ENTRIES)).tlv;
    const photo = readTlvList(entries.value).find((t) => t.tag === 0xdf27);
    expect(photo?.value).toEqual(facePhoto(card.persona));
    // JPEG 2000 signature box.
    expect(Array.from(photo?.value.subarray(4, 8) ?? [])).toEqual([0x6a, 0x50, 0x20, 0x20]);
  });

  it("has an empty 住基AP that selects but holds no readable files", async () => {
    const card = await registry.card("P0002");
    const t = new InProcessTransceiver(card);
    const sel = ResponseApdu.parse(await t.transmit(CommandApdu.of({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Aid.JUKI }).encode()));
    expect(sel.sw).toBe(0x9000);
    const ef = ResponseApdu.parse(await t.transmit(CommandApdu.of({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(0, 1) }).encode()));
    expect(ef.sw).toBe(StatusWord.FILE_NOT_FOUND);
  });
});
