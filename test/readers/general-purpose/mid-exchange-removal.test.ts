import { beforeAll, describe, expect, test } from "vitest";
import { fromHex } from "../../../sim/apdu/hex.ts";
import { type MyNumberCard } from "../../../sim/cards/index.ts";
import { GeneralPurposeReader, processingTime, UsbReaderProfiles } from "../../../sim/readers/general-purpose/index.ts";
import { JpkiClient, sha256DigestInfo } from "../../../sim/jpki/jpki-client.ts";
import { JpkiFile, CardStatusError } from "../../../sim/jpki/index.ts";
import { TransportError, type Transceiver } from "../../../sim/apdu/index.ts";
import { freshCardRegistry } from "../../support/card-fixtures.ts";

const registry = freshCardRegistry();
let card: MyNumberCard;

beforeAll(async () => {
  card = await registry.card("P0003");
});

async function linkOf(reader: GeneralPurposeReader): Promise<Transceiver> {
  const link = await reader.waitForDevice({ timeoutMs: 1000 });
  if (!link) throw new Error("no device in the field");
  return link;
}

describe("GeneralPurposeReader: the device taken away mid-exchange", () => {
  test("a certificate read in progress when the hold ends rejects with 'removed'; later transmits too", async () => {
    // Each APDU takes 20 ms (modelled); the certificate needs about 7 of them, the hold lasts 100 ms.
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P, { timing: processingTime({ apduMs: 20 }) });
    const hold = reader.hold(card, { holdMs: 100 });
    const link = await linkOf(reader);
    const client = new JpkiClient(link);
    await client.selectApplication();
    const read = client.readAuthCertificate();
    await expect(read).rejects.toBeInstanceOf(TransportError);
    await expect(read).rejects.toMatchObject({ code: "removed" });
    await hold.left;
    await expect(link.transmit(fromHex("00A4040C0AD392F000260100000001"))).rejects.toMatchObject({ code: "removed" });
    await expect(link.atr()).rejects.toMatchObject({ code: "removed" });
    await expect(link.reset()).rejects.toMatchObject({ code: "removed" });
    expect(card.isPowered).toBe(false);
  });

  test("a transmit pending while the device is taken away rejects with 'removed'", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P, { timing: processingTime({ apduMs: 200 }) });
    reader.hold(card);
    const link = await linkOf(reader);
    const pending = link.transmit(fromHex("00A4040C0AD392F000260100000001"));
    const queued = link.transmit(fromHex("00A4020C02000A"));
    setTimeout(() => reader.remove(), 20);
    await expect(pending).rejects.toMatchObject({ code: "removed", message: expect.stringMatching(/device removed/) });
    await expect(queued).rejects.toMatchObject({ code: "removed" });
  });

  test("the next hold starts from a clean state: a VERIFY before the removal no longer counts (6982)", async () => {
    const reader = new GeneralPurposeReader();
    reader.hold(card);
    const before = await linkOf(reader);
    const client = new JpkiClient(before);
    await client.selectApplication();
    expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
    reader.remove();
    reader.hold(card);
    // The old link stays broken although the same card is back: a new activation.
    await expect(before.transmit(fromHex("00A4040C0AD392F000260100000001"))).rejects.toMatchObject({ code: "removed" });
    const after = new JpkiClient(await linkOf(reader));
    await after.selectApplication();
    const signing = after.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(Uint8Array.of(1, 2, 3)));
    await expect(signing).rejects.toBeInstanceOf(CardStatusError);
    await expect(signing).rejects.toMatchObject({ statusWord: 0x6982 });
    // The try counter is the card's and survives: the correct VERIFY above left 3 tries.
    expect(await after.triesLeft(JpkiFile.AUTH_PIN)).toBe(3);
    reader.remove();
  });
});
