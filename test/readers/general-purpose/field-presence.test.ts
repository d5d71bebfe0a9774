import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, test } from "vitest";
import { fromHex, toHex } from "../../../sim/apdu/hex.ts";
import { MY_NUMBER_CARD_ATQB } from "../../../sim/jpki/index.ts";
import { type ApduDevice, type ContactlessIdentity } from "../../../sim/apdu/index.ts";
import type { MyNumberCard } from "../../../sim/cards/index.ts";
import { SmartCardChip } from "../../../sim/cards/smart-card-chip.ts";
import { type FieldExitReason, GeneralPurposeReader, UsbReaderProfiles } from "../../../sim/readers/general-purpose/index.ts";
import { JpkiClient } from "../../../sim/jpki/jpki-client.ts";
import { freshCardRegistry } from "../../support/card-fixtures.ts";

const registry = freshCardRegistry();
let card: MyNumberCard;
let other: MyNumberCard;

beforeAll(async () => {
  card = await registry.card("P0001");
  other = await registry.card("P0002");
});

/** Resolves with `promise`, or fails after `ms` (every wait in these tests is bounded). */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  const controller = new AbortController();
  try {
    return await Promise.race([promise, sleep(ms, undefined, { signal: controller.signal }).then(() => Promise.reject(new Error(`${what}: not within ${ms} ms`)))]);
  } finally {
    controller.abort();
  }
}

/** Records the reader's events in order. */
function record(reader: GeneralPurposeReader): string[] {
  const log: string[] = [];
  reader.on("present", (device) => log.push(`present ${device.description}`));
  reader.on("removed", (device, reason: FieldExitReason) => log.push(`removed ${device.description} ${reason}`));
  return log;
}

/** A phone-like device: it knows when it is in a field and draws a new PUPI each time it enters one. */
class FieldAwareDevice implements ApduDevice {
  readonly description = "phone-like";
  readonly atr = fromHex("3B888001000005E0B381A1007F");
  inField = false;
  private counter = 0;
  private identity: ContactlessIdentity = { type: "B", pupi: new Uint8Array(4), ...MY_NUMBER_CARD_ATQB };
  private readonly chip = new SmartCardChip({ description: "phone-like", atr: this.atr, applications: [] });
  private readonly listeners = new Set<(inField: boolean) => void>();

  get contactless(): ContactlessIdentity {
    return this.identity;
  }

  enterField(): void {
    this.inField = true;
    this.counter++;
    this.identity = { ...this.identity, pupi: Uint8Array.of(0xa0, 0, 0, this.counter) };
    for (const l of this.listeners) l(true);
  }

  leaveField(): void {
    if (!this.inField) return;
    this.inField = false;
    for (const l of this.listeners) l(false);
  }

  onFieldChange(listener: (inField: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  powerOn(): void {
    this.chip.powerOn();
  }

  powerOff(): void {
    this.chip.powerOff();
  }

  reset(): void {
    this.chip.reset();
  }

  process(command: Uint8Array): Uint8Array {
    return this.chip.process(command);
  }
}

describe("GeneralPurposeReader: the field", () => {
  test("the card on the RC-S300/P reports the contactless ATR, not its contact ATR", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    expect(reader.name).toBe("SONY FeliCa RC-S300/P");
    reader.hold(card);
    const link = await reader.waitForDevice({ timeoutMs: 1000 });
    expect(link).not.toBeNull();
    const atr = toHex(await link!.atr());
    expect(atr).toBe("3B888001000005E0B381A1007F");
    expect(atr).not.toBe("3BE000FF8131FE4514");
    expect(toHex(await link!.reset())).toBe(atr);
    expect(toHex(reader.atr!)).toBe(atr);
    reader.remove();
  });

  test("hold and remove: present, then removed; isPresent follows; removing an empty field does nothing", () => {
    const reader = new GeneralPurposeReader();
    const log = record(reader);
    expect(reader.isPresent()).toBe(false);
    reader.hold(card);
    expect(reader.isPresent()).toBe(true);
    expect(reader.device).toBe(card);
    expect(card.isPowered).toBe(true);
    reader.remove();
    reader.remove();
    expect(reader.isPresent()).toBe(false);
    expect(card.isPowered).toBe(false);
    expect(log).toEqual([`present ${card.description}`, `removed ${card.description} removed`]);
  });

  test("a device held for 100 ms is gone after", async () => {
    const reader = new GeneralPurposeReader();
    const log = record(reader);
    const hold = reader.hold(card, { holdMs: 100 });
    expect(await hold.entered).toBe(true);
    expect(reader.isPresent()).toBe(true);
    await within(2000, hold.left, "the hold of 100 ms ending");
    expect(reader.isPresent()).toBe(false);
    expect(await reader.waitForDevice({ timeoutMs: 0 })).toBeNull();
    expect(log).toEqual([`present ${card.description}`, `removed ${card.description} removed`]);
  });

  test("afterMs: the device arrives later and a waiting host gets it then", async () => {
    const reader = new GeneralPurposeReader();
    const hold = reader.hold(card, { afterMs: 30 });
    expect(reader.isPresent()).toBe(false);
    const link = await reader.waitForDevice({ timeoutMs: 2000 });
    expect(link).not.toBeNull();
    expect(await hold.entered).toBe(true);
    const client = new JpkiClient(link!);
    await client.selectApplication();
    reader.remove();
  });

  test("waitForDevice resolves null when nothing is held, and rejects with 'closed' when aborted", async () => {
    const reader = new GeneralPurposeReader();
    expect(await reader.waitForDevice({ timeoutMs: 30 })).toBeNull();
    const controller = new AbortController();
    const waiting = reader.waitForDevice({ timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "TransportError", code: "closed" });
    expect(reader.listenerCount("present")).toBe(0);
  });

  test("a device without a contactless interface is never detected", async () => {
    const contactOnly: ApduDevice = new SmartCardChip({ description: "contact-only chip", atr: fromHex("3BE000FF8131FE4514"), applications: [] });
    const reader = new GeneralPurposeReader();
    const log = record(reader);
    const hold = reader.hold(contactOnly, { holdMs: 20 });
    expect(await hold.entered).toBe(false);
    expect(reader.isPresent()).toBe(false);
    expect(await reader.waitForDevice({ timeoutMs: 40 })).toBeNull();
    await within(2000, hold.left, "the hold of 20 ms ending");
    expect(log).toEqual([]);
  });

  test("holding another device takes the first one away", async () => {
    const reader = new GeneralPurposeReader();
    const log = record(reader);
    const first = reader.hold(card);
    reader.hold(other);
    await within(1000, first.left, "the first hold ending");
    expect(reader.device).toBe(other);
    expect(log).toEqual([`present ${card.description}`, `removed ${card.description} removed`, `present ${other.description}`]);
    reader.remove();
  });

  test("a phone-like device enters the field on hold (fresh PUPI each tap) and is seen leaving on its own", async () => {
    const phone = new FieldAwareDevice();
    const reader = new GeneralPurposeReader(UsbReaderProfiles.fullAtqbAtr);
    const log = record(reader);
    reader.hold(phone);
    expect(phone.inField).toBe(true);
    const first = toHex(reader.atr!);
    expect(first).toMatch(/^3B8C800150A0000001000005E0B381A1/);
    phone.leaveField(); // taken away by the patient
    expect(reader.isPresent()).toBe(false);
    reader.hold(phone);
    const second = toHex(reader.atr!);
    expect(second).toMatch(/^3B8C800150A0000002/);
    expect(second).not.toBe(first);
    reader.remove();
    expect(phone.inField).toBe(false);
    expect(log).toEqual(["present phone-like", "removed phone-like removed", "present phone-like", "removed phone-like removed"]);
    // On a part 3 reader the PUPI does not show: every tap gives the same ATR.
    const part3 = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    part3.hold(phone);
    const a = toHex(part3.atr!);
    part3.hold(phone);
    expect(toHex(part3.atr!)).toBe(a);
    part3.remove();
  });

  test("bad hold times are refused", () => {
    const reader = new GeneralPurposeReader();
    expect(() => reader.hold(card, { holdMs: -1 })).toThrow(RangeError);
    expect(() => reader.hold(card, { afterMs: Number.NaN })).toThrow(RangeError);
    expect(reader.isPresent()).toBe(false);
  });
});
