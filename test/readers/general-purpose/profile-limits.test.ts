import { X509Certificate, verify as verifySignature } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { CommandApdu } from "../../../sim/apdu/index.ts";
import { type MyNumberCard } from "../../../sim/cards/index.ts";
import { type FieldExitReason, GeneralPurposeReader, processingTime, ReaderLimits, UsbReaderProfiles } from "../../../sim/readers/general-purpose/index.ts";
import { JpkiClient, sha256DigestInfo } from "../../../sim/jpki/jpki-client.ts";
import { JpkiFile, CardStatusError } from "../../../sim/jpki/index.ts";
import { type Transceiver } from "../../../sim/apdu/index.ts";
import { freshCardRegistry } from "../../support/card-fixtures.ts";

const registry = freshCardRegistry();
let card: MyNumberCard;

beforeAll(async () => {
  card = await registry.card("P0004");
});

async function linkOf(reader: GeneralPurposeReader): Promise<Transceiver> {
  const link = await reader.waitForDevice({ timeoutMs: 1000 });
  if (!link) throw new Error("no device in the field");
  return link;
}

/** An extended-length command of `total` bytes in all (4 header + 3 Lc + data). */
function extendedCommand(total: number): Uint8Array {
  return CommandApdu.of({ cla: 0x00, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(total - 7), extended: true }).encode();
}

const SELECT_JPKI = CommandApdu.of({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01) }).encode();

describe("GeneralPurposeReader: the profile's limits", () => {
  test("RC-S300/P: a 600-byte command is refused like a real reader (SCARD_E_NOT_TRANSACTED) and never reaches the card", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    reader.hold(card);
    const link = await linkOf(reader);
    const before = card.commandCount;
    await expect(link.transmit(extendedCommand(600))).rejects.toMatchObject({ name: "TransportError", code: "io", message: expect.stringMatching(/SCARD_E_NOT_TRANSACTED/) });
    expect(card.commandCount).toBe(before);
    // 512 bytes (522 − the 10-byte CCID header) still fit: the card gets it and answers.
    const answer = await link.transmit(extendedCommand(512));
    expect(answer.length).toBe(2);
    expect(card.commandCount).toBe(before + 1);
    reader.remove();
  });

  test("RC-S300/P carries extended APDUs whose answer fits one message; a longer answer is refused (modelled)", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    reader.hold(card);
    const client = new JpkiClient(await linkOf(reader));
    await client.selectApplication();
    await client.selectFile(JpkiFile.AUTH_CERT);
    expect((await client.readBinary(0, 300)).length).toBe(300);
    await expect(client.readBinary(0, 4096)).rejects.toMatchObject({ code: "io", message: expect.stringMatching(/response APDU of \d+ bytes/) });
    reader.remove();
  });

  test("a generic part 3 reader gives the whole certificate in one extended READ BINARY", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.genericPart3);
    reader.hold(card);
    const client = new JpkiClient(await linkOf(reader));
    await client.selectApplication();
    await client.selectFile(JpkiFile.AUTH_CERT);
    expect(await client.readBinary(0, 4096)).toEqual(card.authCertificate.der);
    reader.remove();
  });

  test("a reader without extended APDUs refuses them (the card never sees them); short reads work", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.shortApduOnly);
    reader.hold(card);
    const link = await linkOf(reader);
    const client = new JpkiClient(link);
    await client.selectApplication();
    await client.selectFile(JpkiFile.AUTH_CERT);
    const before = card.commandCount;
    const extendedRead = CommandApdu.of({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4096 }).encode();
    expect(ReaderLimits.isExtended(extendedRead)).toBe(true);
    await expect(link.transmit(extendedRead)).rejects.toMatchObject({ code: "io", message: expect.stringMatching(/does not take extended-length APDUs/) });
    await expect(link.transmit(CommandApdu.of({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 16, extended: true }).encode())).rejects.toMatchObject({ code: "io" });
    expect(card.commandCount).toBe(before);
    expect(await client.readAuthCertificate()).toEqual(card.authCertificate.der);
    reader.remove();
  });

  test("a reader whose time-out is shorter than the signature loses the tag; the device comes back without its login", async () => {
    // A phone-like signature of 800 ms (modelled) on a reader that waits 500 ms (Android IsoDep default).
    const reader = new GeneralPurposeReader(UsbReaderProfiles.androidRemoteReader, { timing: processingTime({ signatureMs: 800 }), repollMs: 20 });
    const events: string[] = [];
    reader.on("removed", (_d, reason: FieldExitReason) => events.push(`removed ${reason}`));
    reader.on("present", () => events.push("present"));
    reader.hold(card);
    const link = await linkOf(reader);
    const client = new JpkiClient(link);
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "1234");
    const signing = client.signWithAuthKey(Uint8Array.of(1));
    await expect(signing).rejects.toMatchObject({ name: "TransportError", code: "removed", message: expect.stringMatching(/tag was lost/) });
    await expect(link.transmit(SELECT_JPKI)).rejects.toMatchObject({ code: "removed" });
    // Still held: the reader polls again and re-activates the card, which starts from scratch.
    const again = new JpkiClient(await linkOf(reader));
    expect(events).toEqual(["present", "removed tag-lost", "present"]);
    await again.selectApplication();
    await expect(again.signWithAuthKey(Uint8Array.of(1))).rejects.toMatchObject({ statusWord: 0x6982 });
    reader.remove();
  });

  test("the same signature within the reader's time-out succeeds", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P, { timing: processingTime({ signatureMs: 600 }) });
    reader.hold(card);
    const client = new JpkiClient(await linkOf(reader));
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "1234");
    const data = Uint8Array.of(7, 7, 7);
    const signature = await client.signWithAuthKey(data);
    expect(verifySignature("sha256", data, new X509Certificate(card.authCertificate.der).publicKey, signature)).toBe(true);
    reader.remove();
  });

  test("a reset by another process between VERIFY and signing loses the login state: 6982 on signing", async () => {
    const reader = new GeneralPurposeReader();
    reader.hold(card);
    const mine = await linkOf(reader);
    const theirs = await linkOf(reader);
    const client = new JpkiClient(mine);
    await client.selectApplication();
    expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
    await theirs.reset();
    await client.selectApplication();
    const signing = client.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(Uint8Array.of(1)));
    await expect(signing).rejects.toBeInstanceOf(CardStatusError);
    await expect(signing).rejects.toMatchObject({ statusWord: 0x6982 });
    reader.remove();
  });
});
