import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { CommandApdu, type Transceiver } from "../../../sim/apdu/index.ts";
import { JpkiFile } from "../../../sim/jpki/index.ts";
import { JpkiClient } from "../../../sim/jpki/jpki-client.ts";
import { AndroidPhoneToken, phoneModel } from "../../../sim/phones/index.ts";
import { GeneralPurposeReader, GeneralPurposeReaderSlot, PcscReaderPort, UsbReaderProfiles } from "../../../sim/readers/general-purpose/index.ts";
import { PcscContext } from "../../../sim/transport/pcsc-context.ts";
import { type PhoneWorld, phoneWorld, provisioned } from "../../phones/phone-fixtures.ts";
import { describeHardware } from "../../support/hardware-tier.ts";

describeHardware("phone quirks through the general-purpose reader inside the real pcscd (vpcd slot)", (status) => {
  const vpcdSlot = status.freeSlots[0] ?? 0;
  const readerName = status.vpcdReaders[vpcdSlot] as string;
  let world: PhoneWorld;
  let phone: AndroidPhoneToken;
  let context: PcscContext;
  let port: PcscReaderPort;
  const open: { reader: GeneralPurposeReader; slot: GeneralPurposeReaderSlot }[] = [];
  const links: Transceiver[] = [];

  async function readerInPcscd(): Promise<GeneralPurposeReader> {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P, { repollMs: 100 });
    const slot = await GeneralPurposeReaderSlot.open(reader, { slot: vpcdSlot });
    open.push({ reader, slot });
    return reader;
  }

  async function hostLink(timeoutMs = 10_000): Promise<Transceiver | null> {
    const link = await port.waitForDevice({ timeoutMs });
    if (link) links.push(link);
    return link;
  }

  beforeAll(async () => {
    // Real time: pcscd and the certificates share the wall clock.
    world = await phoneWorld(new Date());
    const model = phoneModel("Pixel 8", "14", { extendedApdus: false });
    phone = await provisioned(world, new AndroidPhoneToken({ id: "android-quirks", model }), "P0001", { now: new Date(), phoneCredentials: { authPin: "2468" } });
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

  test("no extended APDUs: short reads work; an extended READ BINARY loses the tag (host: 'removed'); the phone comes back", async () => {
    const reader = await readerInPcscd();
    reader.hold(phone);
    const link = await hostLink();
    if (!link) throw new Error(`no phone in "${readerName}"`);
    const client = new JpkiClient(link);
    await client.selectApplication();
    expect(await client.verify(JpkiFile.AUTH_PIN, "2468")).toEqual({ verified: true });
    expect(await client.readAuthCertificate()).toEqual(phone.certificates?.auth.der);
    await client.selectFile(JpkiFile.AUTH_CERT);
    const extended = CommandApdu.of({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 300 }).encode();
    await expect(link.transmit(extended)).rejects.toMatchObject({ name: "TransportError", code: "removed" });
    const again = await hostLink();
    if (!again) throw new Error("the phone did not come back");
    const second = new JpkiClient(again);
    await second.selectApplication();
    await expect(second.readAuthCertificate()).rejects.toThrow(/6982/);
  });

  test("misplaced: pcscd's reader stays empty; placed over its antenna, the phone is read", async () => {
    const reader = await readerInPcscd();
    expect(await reader.hold(phone, { placement: { over: "top-edge" } }).entered).toBe(false);
    expect(await hostLink(1500)).toBeNull();
    expect(port.isPresent()).toBe(false);
    reader.hold(phone, { placement: { over: phone.nfcAntenna } });
    const link = await hostLink();
    if (!link) throw new Error(`no phone in "${readerName}"`);
    const client = new JpkiClient(link);
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "2468");
    expect(await client.readAuthCertificate()).toEqual(phone.certificates?.auth.der);
  });
});
