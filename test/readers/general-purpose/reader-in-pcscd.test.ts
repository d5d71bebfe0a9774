import { X509Certificate, verify as verifySignature } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { toHex } from "../../../sim/apdu/hex.ts";
import { CommandApdu } from "../../../sim/apdu/index.ts";
import { type MyNumberCard } from "../../../sim/cards/index.ts";
import {
  GeneralPurposeReader,
  GeneralPurposeReaderSlot,
  PcscReaderPort,
  processingTime,
  type UsbReaderProfile,
  UsbReaderProfiles,
} from "../../../sim/readers/general-purpose/index.ts";
import { JpkiClient } from "../../../sim/jpki/jpki-client.ts";
import { JpkiFile } from "../../../sim/jpki/index.ts";
import { type ApduDevice, TransportError, type Transceiver } from "../../../sim/apdu/index.ts";
import { PcscContext } from "../../../sim/transport/pcsc-context.ts";
import { freshCardRegistry } from "../../support/card-fixtures.ts";
import { describeHardware } from "../../support/hardware-tier.ts";

const JPKI_CONTACTLESS_ATR = "3B888001000005E0B381A1007F";

describeHardware("the general-purpose reader inside the real pcscd (vpcd slot)", (status) => {
  const vpcdSlot = status.freeSlots[0] ?? 0;
  const readerName = status.vpcdReaders[vpcdSlot] as string;
  const registry = freshCardRegistry();
  let card: MyNumberCard;
  let context: PcscContext;
  let port: PcscReaderPort;
  const open: { reader: GeneralPurposeReader; slot: GeneralPurposeReaderSlot }[] = [];
  const links: Transceiver[] = [];

  async function readerInPcscd(profile: UsbReaderProfile, options?: ConstructorParameters<typeof GeneralPurposeReader>[1]): Promise<GeneralPurposeReader> {
    const reader = new GeneralPurposeReader(profile, options);
    const slot = await GeneralPurposeReaderSlot.open(reader, { slot: vpcdSlot });
    open.push({ reader, slot });
    return reader;
  }

  async function hostLink(): Promise<Transceiver> {
    const link = await port.waitForDevice({ timeoutMs: 10_000 });
    if (!link) throw new Error(`no card in "${readerName}" within 10 s`);
    links.push(link);
    return link;
  }

  beforeAll(async () => {
    card = await registry.card("P0005");
    context = await PcscContext.open();
    port = await PcscReaderPort.open(readerName);
  });

  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.close().catch(() => undefined)));
    for (const { reader, slot } of open.splice(0)) {
      reader.remove();
      await slot.close();
    }
    await context.waitForRemoval(readerName, { timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await port?.close();
    context?.close();
  });

  test("an empty field: the port is empty and waitForDevice resolves null within its time-out", async () => {
    await readerInPcscd(UsbReaderProfiles.rcS300P);
    expect(port.isPresent()).toBe(false);
    expect(await port.waitForDevice({ timeoutMs: 300 })).toBeNull();
  });

  test("pcscd sees the contactless ATR; JpkiClient through PcscReaderPort reads the auth certificate and signs after VERIFY", async () => {
    const reader = await readerInPcscd(UsbReaderProfiles.rcS300P);
    expect(port.isPresent()).toBe(false);
    reader.hold(card);
    const link = await hostLink();
    expect(port.isPresent()).toBe(true);
    expect(toHex(await link.atr())).toBe(JPKI_CONTACTLESS_ATR);
    expect(toHex(context.readers().find((r) => r.name === readerName)?.atr ?? new Uint8Array())).toBe(JPKI_CONTACTLESS_ATR);
    const client = new JpkiClient(link);
    await client.selectApplication();
    const der = await client.readAuthCertificate();
    expect(der).toEqual(card.authCertificate.der);
    expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
    const challenge = new TextEncoder().encode("general-purpose reader challenge");
    const signature = await client.signWithAuthKey(challenge);
    expect(verifySignature("sha256", challenge, new X509Certificate(der).publicKey, signature)).toBe(true);
  });

  test("taking the card away in the middle of a read gives TransportError 'removed' on the host side", async () => {
    const reader = await readerInPcscd(UsbReaderProfiles.rcS300P);
    let commands = 0;
    // The card answers its 4th command, then leaves the field before the answer gets out.
    const takenAway: ApduDevice = {
      description: card.description,
      atr: card.atr,
      contactless: card.contactless,
      powerOn: () => card.powerOn(),
      powerOff: () => card.powerOff(),
      reset: () => card.reset(),
      process: (command) => {
        const response = card.process(command);
        if (++commands === 4) reader.remove();
        return response;
      },
    };
    reader.hold(takenAway);
    const link = await hostLink();
    const client = new JpkiClient(link);
    await client.selectApplication();
    const read = client.readAuthCertificate();
    await expect(read).rejects.toBeInstanceOf(TransportError);
    await expect(read).rejects.toMatchObject({ code: "removed" });
    await expect(client.selectApplication()).rejects.toMatchObject({ code: "removed" });
    expect(port.isPresent()).toBe(false);
  });

  test("a reader time-out shorter than the signature: the tag is lost, pcscd sees the card go and come back without its login", async () => {
    const reader = await readerInPcscd(UsbReaderProfiles.androidRemoteReader, { timing: processingTime({ signatureMs: 800 }), repollMs: 100 });
    reader.hold(card);
    const client = new JpkiClient(await hostLink());
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "1234");
    await expect(client.signWithAuthKey(Uint8Array.of(1))).rejects.toMatchObject({ name: "TransportError", code: "removed" });
    const again = new JpkiClient(await hostLink());
    await again.selectApplication();
    await expect(again.signWithAuthKey(Uint8Array.of(1))).rejects.toMatchObject({ statusWord: 0x6982 });
  });

  test("the reader's limits on the device side: commands it would not carry answer 6700 and never reach the card", async () => {
    const reader = await readerInPcscd(UsbReaderProfiles.rcS300P);
    reader.hold(card);
    const link = await hostLink();
    const before = card.commandCount;
    const long = CommandApdu.of({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(593), extended: true }).encode();
    expect(long.length).toBe(600);
    expect(toHex(await link.transmit(long))).toBe("6700");
    expect(card.commandCount).toBe(before);
    reader.remove();
    await context.waitForRemoval(readerName, { timeoutMs: 10_000 });
    await link.close();

    const shortOnly = await readerInPcscd(UsbReaderProfiles.shortApduOnly);
    shortOnly.hold(card);
    const client = new JpkiClient(await hostLink());
    await client.selectApplication();
    await client.selectFile(JpkiFile.AUTH_CERT);
    await expect(client.readBinary(0, 4096)).rejects.toMatchObject({ statusWord: 0x6700 });
    expect((await client.readAuthCertificate()).length).toBe(card.authCertificate.der.length);
  });
});
