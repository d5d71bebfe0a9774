import { beforeAll, describe, expect, test, vi } from "vitest";
import { type Transceiver } from "../../../sim/apdu/index.ts";
import { type MyNumberCard } from "../../../sim/cards/index.ts";
import { JpkiFile } from "../../../sim/jpki/index.ts";
import { JpkiClient } from "../../../sim/jpki/jpki-client.ts";
import type { AndroidPhoneToken, IPhoneToken } from "../../../sim/phones/index.ts";
import { type FieldExitReason, GeneralPurposeReader } from "../../../sim/readers/general-purpose/index.ts";
import { androidPhone, iPhone, type PhoneWorld, phoneWorld, provisioned } from "../../phones/phone-fixtures.ts";

let world: PhoneWorld;
let android: AndroidPhoneToken;
let iphone: IPhoneToken;
let card: MyNumberCard;

beforeAll(async () => {
  world = await phoneWorld();
  android = await provisioned(world, androidPhone("android-spot", "Pixel 8"), "P0001", { phoneCredentials: { authPin: "2468" } });
  iphone = await provisioned(world, iPhone("iphone-spot"), "P0002");
  card = await world.cards.card("P0003");
});

async function linkOf(reader: GeneralPurposeReader): Promise<Transceiver> {
  const link = await reader.waitForDevice({ timeoutMs: 1000 });
  if (!link) throw new Error("no device in the field");
  return link;
}

/** Records the reader's events in order. */
function record(reader: GeneralPurposeReader): string[] {
  const log: string[] = [];
  reader.on("present", () => log.push("present"));
  reader.on("removed", (_device, reason: FieldExitReason) => log.push(`removed ${reason}`));
  return log;
}

describe("the phone's NFC antenna over the reader's (docs/domain/phone-token.md, modelled quirks)", () => {
  test("well placed (the default, or its own antenna spot over the reader's): the phone is read", async () => {
    expect(android.nfcAntenna).toBe("upper-back");
    for (const placement of [undefined, { over: "upper-back" } as const]) {
      const reader = new GeneralPurposeReader();
      const hold = reader.hold(android, placement ? { placement } : {});
      expect(await hold.entered).toBe(true);
      const client = new JpkiClient(await linkOf(reader));
      await client.selectApplication();
      await client.verify(JpkiFile.AUTH_PIN, "2468");
      expect(await client.readAuthCertificate()).toEqual(android.certificates?.auth.der);
      reader.remove();
    }
  });

  test("misplaced: the phone never enters the field; the host sees nothing", async () => {
    const reader = new GeneralPurposeReader();
    const log = record(reader);
    const hold = reader.hold(android, { placement: { over: "top-edge" }, holdMs: 80 });
    expect(await hold.entered).toBe(false);
    expect(reader.isPresent()).toBe(false);
    expect(android.isInField).toBe(false);
    expect(await reader.waitForDevice({ timeoutMs: 40 })).toBeNull();
    await hold.left;
    expect(log).toEqual([]);
  });

  test("the iPhone is held by its top edge: read there, not on its back", async () => {
    expect(iphone.nfcAntenna).toBe("top-edge");
    const reader = new GeneralPurposeReader();
    expect(await reader.hold(iphone, { placement: { over: "middle-back" } }).entered).toBe(false);
    expect(await reader.hold(iphone, { placement: { over: "top-edge" } }).entered).toBe(true);
    expect(iphone.performBiometric("face").ok).toBe(true);
    const client = new JpkiClient(await linkOf(reader));
    await client.selectApplication();
    expect(await client.readAuthCertificate()).toEqual(iphone.certificates?.auth.der);
    reader.remove();
  });

  test("misplaced intermittently: the phone comes and goes, each drop a lost tag that breaks the host's link", async () => {
    vi.useFakeTimers();
    try {
      const reader = new GeneralPurposeReader();
      const log = record(reader);
      const hold = reader.hold(android, { placement: { over: "middle-back", misplaced: "intermittent", intermittent: { inFieldMs: 100, outOfFieldMs: 200 } } });
      expect(await hold.entered).toBe(true);
      const link = await linkOf(reader);
      vi.advanceTimersByTime(100);
      expect(reader.isPresent()).toBe(false);
      expect(android.isInField).toBe(false);
      await expect(link.transmit(Uint8Array.of(0, 0xa4, 4, 0x0c))).rejects.toMatchObject({ code: "removed", message: expect.stringMatching(/tag was lost/) });
      vi.advanceTimersByTime(199);
      expect(reader.isPresent()).toBe(false);
      vi.advanceTimersByTime(1);
      expect(reader.isPresent()).toBe(true);
      expect(android.isInField).toBe(true);
      vi.advanceTimersByTime(100);
      expect(reader.isPresent()).toBe(false);
      reader.remove();
      expect(log).toEqual(["present", "removed tag-lost", "present", "removed tag-lost"]);
    } finally {
      vi.useRealTimers();
    }
  });

  test("a card declares no antenna position: any placement reads it", async () => {
    const reader = new GeneralPurposeReader();
    expect(await reader.hold(card, { placement: { over: "top-edge" } }).entered).toBe(true);
    reader.remove();
  });

  test("a bad intermittent cycle is refused", () => {
    const reader = new GeneralPurposeReader();
    expect(() => reader.hold(android, { placement: { over: "top-edge", misplaced: "intermittent", intermittent: { inFieldMs: 0 } } })).toThrow(RangeError);
    expect(() => reader.hold(android, { placement: { intermittent: { outOfFieldMs: Number.NaN } } })).toThrow(RangeError);
    expect(reader.isPresent()).toBe(false);
  });
});
