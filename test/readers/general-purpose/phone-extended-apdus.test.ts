import { beforeAll, describe, expect, test, vi } from "vitest";
import { CommandApdu, type Transceiver } from "../../../sim/apdu/index.ts";
import { JpkiFile } from "../../../sim/jpki/index.ts";
import { JpkiClient } from "../../../sim/jpki/jpki-client.ts";
import { AndroidPhoneToken, phoneModel } from "../../../sim/phones/index.ts";
import { type FieldExitReason, FieldDevice, GeneralPurposeReader, UsbReaderProfiles } from "../../../sim/readers/general-purpose/index.ts";
import { type PhoneWorld, phoneWorld, provisioned } from "../../phones/phone-fixtures.ts";

let world: PhoneWorld;
let without: AndroidPhoneToken;
let withExtended: AndroidPhoneToken;

beforeAll(async () => {
  world = await phoneWorld();
  const credentials = { phoneCredentials: { authPin: "2468" } };
  without = await provisioned(world, new AndroidPhoneToken({ id: "android-short", model: phoneModel("Pixel 8", "14", { extendedApdus: false }) }), "P0001", credentials);
  withExtended = await provisioned(world, new AndroidPhoneToken({ id: "android-ext", model: phoneModel("Pixel 8", "14") }), "P0002", credentials);
});

async function linkOf(reader: GeneralPurposeReader): Promise<Transceiver> {
  const link = await reader.waitForDevice({ timeoutMs: 1000 });
  if (!link) throw new Error("no device in the field");
  return link;
}

/** The extended READ BINARY Android 12+ readers and jsapdu send: `00 B0 00 00 00 HH LL`. */
const extendedRead = (length: number): Uint8Array => CommandApdu.of({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: length }).encode();

describe("a phone model without extended APDUs, through the general-purpose reader (modelled)", () => {
  test("short APDUs work; an extended READ BINARY fails at the link (tag lost, no status word) and never reaches the token", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P, { repollMs: 20 });
    const events: string[] = [];
    reader.on("present", () => events.push("present"));
    reader.on("removed", (_device, reason: FieldExitReason) => events.push(`removed ${reason}`));
    reader.hold(without);
    const link = await linkOf(reader);
    const client = new JpkiClient(link);
    await client.selectApplication();
    expect(await client.verify(JpkiFile.AUTH_PIN, "2468")).toEqual({ verified: true });
    expect(await client.readAuthCertificate()).toEqual(without.certificates?.auth.der);
    const process = vi.spyOn(without, "process");
    try {
      await expect(link.transmit(extendedRead(300))).rejects.toMatchObject({
        name: "TransportError",
        code: "removed",
        message: expect.stringMatching(/tag was lost: .*does not take extended-length APDUs/),
      });
      expect(process).not.toHaveBeenCalled();
    } finally {
      process.mockRestore();
    }
    await expect(client.selectApplication()).rejects.toMatchObject({ code: "removed" });
    // Still held: the reader polls again and re-activates the phone, which starts without its VERIFY.
    const again = new JpkiClient(await linkOf(reader));
    expect(events).toEqual(["present", "removed tag-lost", "present"]);
    await again.selectApplication();
    await again.selectFile(JpkiFile.AUTH_CERT);
    await expect(again.readBinary(0, 16)).rejects.toMatchObject({ statusWord: 0x6982 });
    reader.remove();
  });

  test("the same model with extended APDUs (the default) answers the extended READ BINARY", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    reader.hold(withExtended);
    const client = new JpkiClient(await linkOf(reader));
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "2468");
    await client.selectFile(JpkiFile.AUTH_CERT);
    expect(await client.readBinary(0, 300)).toEqual(withExtended.certificates?.auth.der.subarray(0, 300));
    reader.remove();
  });

  test("a reader without extended APDUs refuses first (SCARD_E_NOT_TRANSACTED): the phone keeps the field", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.shortApduOnly);
    reader.hold(without);
    const link = await linkOf(reader);
    await expect(link.transmit(extendedRead(300))).rejects.toMatchObject({ code: "io", message: expect.stringMatching(/SCARD_E_NOT_TRANSACTED/) });
    expect(reader.isPresent()).toBe(true);
    reader.remove();
  });

  test("the device side for vpcd: the link failure loses the tag at once (the slot then takes the card out of pcscd)", () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P, { repollMs: 60_000 });
    const device = new FieldDevice(reader);
    reader.hold(without);
    device.target = reader.activation;
    const removed: FieldExitReason[] = [];
    reader.on("removed", (_d, reason) => removed.push(reason));
    const process = vi.spyOn(without, "process");
    device.process(extendedRead(300));
    expect(process).not.toHaveBeenCalled();
    process.mockRestore();
    expect(removed).toEqual(["tag-lost"]);
    expect(reader.isPresent()).toBe(false);
    reader.remove();
  });
});
