import { afterAll, beforeAll, expect, test } from "vitest";
import { fromHex, toHex } from "../../sim/apdu/hex.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { PcscTransceiver } from "../../sim/transport/pcsc-transceiver.ts";
import { TransportError } from "../../sim/apdu/index.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { inPollGap, PRESENCE_POLL_MS } from "../../sim/transport/vpcd-poll-gap.ts";
import { ECHO_DEVICE_ATR, EchoDevice } from "../support/echo-device.ts";
import { describeHardware } from "../support/hardware-tier.ts";

describeHardware("pcscd + vpcd (hardware tier)", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const reader = status.vpcdReaders[slot] as string;
  const device = new EchoDevice({ description: "echo card" });
  let link: VpcdCardLink;
  let context: PcscContext;
  const opened: PcscTransceiver[] = [];

  async function connect(): Promise<PcscTransceiver> {
    const t = await PcscTransceiver.connect(reader);
    opened.push(t);
    return t;
  }

  beforeAll(async () => {
    context = await PcscContext.open();
    link = await VpcdCardLink.connect(device, { slot });
  });

  afterAll(async () => {
    await Promise.all(opened.map((t) => t.close()));
    await link?.close();
    context?.close();
  });

  test(`lists the vpcd reader of slot ${slot} and sees the card's ATR`, async () => {
    expect(context.readerNames()).toContain(reader);
    expect(await context.waitForCard(reader, { timeoutMs: 10_000 })).toEqual(ECHO_DEVICE_ATR);
  });

  test("connects (T=1), reads the ATR and exchanges APDUs", async () => {
    const t = await connect();
    expect(t.protocol).toBe("T1");
    expect(t.description).toBe(`pcsc:${reader}`);
    expect(await t.atr()).toEqual(ECHO_DEVICE_ATR);
    expect(toHex(await t.transmit(fromHex("00A4040C 0A D392F000260100000001")))).toBe("D392F0002601000000019000");
    const before = device.processed;
    const block = await t.transmit(fromHex("00B00100 00"));
    expect(block.length).toBe(258);
    expect(toHex(block.subarray(0, 3))).toBe("000102");
    const extended = await t.transmit(fromHex("00B00000 000400"));
    expect(extended.length).toBe(1024 + 2);
    expect(toHex(await t.transmit(fromHex("00200080 04 31323334")))).toBe("9000");
    expect(device.processed).toBe(before + 3);
    expect(toHex(await t.transmit(fromHex("0010")))).toBe("6700");
  });

  test("reset reaches the device and returns the ATR", async () => {
    const t = await connect();
    const resets = device.count("reset");
    expect(await t.reset()).toEqual(ECHO_DEVICE_ATR);
    expect(device.count("reset")).toBe(resets + 1);
    expect(toHex(await t.transmit(fromHex("00100000 01 5A")))).toBe("5A9000");
  });

  test("close() makes its synchronous PC/SC calls only between pcscd's presence polls of the card this thread serves", async () => {
    // A synchronous SCardDisconnect made while pcscd waits for this thread's card to answer a poll never returns
    // (sim/transport/vpcd-poll-gap.ts). Closes at 8 phases spread over one poll period: each sync call must fall in a
    // gap. Without the wait about half would not (the gap is 200 of every 400 ms; seen: the planted bug fails).
    const phases: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const t = await PcscTransceiver.connect(reader);
      expect(toHex(await t.transmit(fromHex("00100000 01 0" + String(i))))).toBe(`0${i}9000`);
      await new Promise((resolve) => setTimeout(resolve, (i * PRESENCE_POLL_MS) / 8));
      // Watch the handle's synchronous disconnect (the transceiver's private handle, behind a proxy).
      const inside = t as unknown as { card: object };
      const handle = inside.card;
      inside.card = new Proxy(handle, {
        get(target, key) {
          const value: unknown = Reflect.get(target, key, target);
          if (typeof value !== "function") return value;
          const bound = (value as (...args: unknown[]) => unknown).bind(target);
          return key !== "disconnect" ? bound : (...args: unknown[]) => (phases.push(inPollGap()), bound(...args));
        },
      });
      const started = performance.now();
      await t.close();
      expect(performance.now() - started).toBeLessThan(3 * PRESENCE_POLL_MS);
    }
    expect(phases).toEqual(Array(8).fill(true));
  });

  test("removing the card fails transmits with 'removed'; reinserting works again", async () => {
    const t = await connect();
    expect(toHex(await t.transmit(fromHex("00100000")))).toBe("9000");
    await link.remove();
    await context.waitForRemoval(reader, { timeoutMs: 10_000 });
    const error = await t.transmit(fromHex("00100000")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe("removed");
    await expect(PcscTransceiver.connect(reader)).rejects.toMatchObject({ code: "removed" });
    await t.close();

    await link.insert();
    expect(await context.waitForCard(reader, { timeoutMs: 10_000 })).toEqual(ECHO_DEVICE_ATR);
    const again = await connect();
    expect(toHex(await again.transmit(fromHex("00100000 02 CAFE")))).toBe("CAFE9000");
  });

  test("waiting for a card that does not come times out", async () => {
    await link.remove();
    await context.waitForRemoval(reader, { timeoutMs: 10_000 });
    await expect(context.waitForCard(reader, { timeoutMs: 300 })).rejects.toMatchObject({ code: "timeout" });
    await expect(context.waitForCard("No Such Reader 00 00", { timeoutMs: 300 })).rejects.toMatchObject({ code: "unavailable" });
    await link.insert();
  });

  test("serves the same answers with and without TCP_QUICKACK, and says which mode is on (timings: `bench apdu`)", async () => {
    const answers: Uint8Array[] = [];
    for (const quickAck of [true, false]) {
      await link.close();
      // pcscd must see the old card go first, or it keeps the stale one and the next connect fails.
      await context.waitForRemoval(reader, { timeoutMs: 10_000 });
      link = await VpcdCardLink.connect(device, { slot, quickAck });
      if (!quickAck) expect(link.quickAck).toBe(false);
      await context.waitForCard(reader, { timeoutMs: 10_000 });
      const t = await connect();
      answers.push(await t.transmit(fromHex("00B0000010")));
      await t.close();
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.length).toBe(18);
  }, 60_000);
});
