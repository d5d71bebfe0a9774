import { beforeAll, describe, expect, it } from "vitest";
import { fromHex, ResponseApdu, StatusWord, toHex } from "../../sim/apdu/index.ts";
import type { CardRegistry } from "../../sim/cards/index.ts";
import { JpkiFile } from "../../sim/jpki/index.ts";
import { ageOn, findPersona } from "../../sim/personas/index.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

const ISSUED = new Date("2025-10-01T00:00:00Z");
let registry: CardRegistry;
beforeAll(() => {
  registry = freshCardRegistry({ now: ISSUED });
});

describe("a card issued to a child under 15 (docs/domain/card-apdus.md \"Under-15 cards\")", () => {
  it("carries no signing certificate: EF 0008 = 00 8F 00, EF 0001 and key 001A absent, 001B blocked from issue", async () => {
    expect(ageOn(findPersona("P0009"), ISSUED)).toBeLessThan(15);
    const card = await registry.card("P0009");
    expect(card.signCertificate).toBeUndefined();
    const send = (hex: string) => ResponseApdu.parse(card.process(fromHex(hex)));
    send("00A4040C0AD392F000260100000001");
    send("00A4020C020008");
    // 00 8F 00 appears only as a constructed input in myna-card's unit test `reads_the_certificate_availability`
    // (src/ap/jpki.rs @ 0c39784a, "a child under fifteen, for instance"), not as an observed card value.
    expect(toHex(send("00B0000000").data)).toBe("008F00");
    expect(send("00A4020C020001").sw).toBe(StatusWord.FILE_NOT_FOUND);
    expect(send("00A4020C02001A").sw).toBe(StatusWord.FILE_NOT_FOUND);
    expect(send("00A4020C02001B").sw).toBe(0x9000);
    expect(send("00200080").sw).toBe(0x63c0);
    expect(send("0020008008" + toHex(new TextEncoder().encode("MYNA2025"))).sw).toBe(StatusWord.REFERENCE_DATA_NOT_USABLE);
    // The user-authentication side works as on any card.
    send("00A4020C020018");
    expect(send("0020008004" + toHex(new TextEncoder().encode("1234"))).sw).toBe(0x9000);
    expect(card.elementaryFile(fromHex("D392F000260100000001"), JpkiFile.AUTH_CERT)?.kind).toBe("binary");
  });

  it("goes by the age on the issue date: P0021 gets a signing certificate once issued at 15, never dated before the 15th birthday", async () => {
    const later = freshCardRegistry({ now: new Date("2026-01-05T00:00:00Z") });
    const card = await later.card("P0021");
    expect(card.signCertificate).toBeDefined();
    expect(card.signCertificate?.notBefore.toISOString()).toBe("2025-12-24T00:00:00.000Z");
    const young = await registry.card("P0021");
    expect(young.signCertificate).toBeUndefined();
    expect((await registry.card("P0001")).signCertificate).toBeDefined();
  });
});
