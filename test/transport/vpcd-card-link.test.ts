import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fromHex, toHex } from "../../sim/apdu/hex.ts";
import { TransportError } from "../../sim/apdu/index.ts";
import { VpcdCardLink, type VpcdCloseReason } from "../../sim/transport/vpcd-card-link.ts";
import { encodeVpcdFrame } from "../../sim/transport/vpcd-frame-reader.ts";
import { ECHO_DEVICE_ATR, EchoDevice } from "../support/echo-device.ts";
import { FakeVpcd } from "../support/fake-vpcd.ts";

let vpcd: FakeVpcd;
let device: EchoDevice;
let link: VpcdCardLink | undefined;
let errors: TransportError[];
let closes: VpcdCloseReason[];

async function attach(options: { maxPayload?: number; quickAck?: boolean } = {}): Promise<VpcdCardLink> {
  const l = await VpcdCardLink.connect(device, { port: vpcd.port, ...options });
  l.on("error", (e) => errors.push(e));
  l.on("closed", (r) => closes.push(r));
  await vpcd.waitForConnection();
  link = l;
  return l;
}

beforeEach(async () => {
  vpcd = await FakeVpcd.start();
  device = new EchoDevice();
  errors = [];
  closes = [];
});

afterEach(async () => {
  await link?.close();
  link = undefined;
  await vpcd.close();
});

describe("VpcdCardLink against a fake vpcd", () => {
  test("answers get-ATR and APDUs, and passes power and reset to the device without replying", async () => {
    const l = await attach();
    expect(l.inserted).toBe(true);
    vpcd.control(0x01);
    expect(await vpcd.getAtr()).toEqual(ECHO_DEVICE_ATR);
    expect(toHex(await vpcd.exchange(fromHex("00A4040C 03 D392F0")))).toBe("D392F09000");
    vpcd.control(0x02);
    vpcd.control(0x00);
    expect(toHex(await vpcd.exchange(fromHex("00CA000004")))).toBe("000000029000");
    expect(device.calls).toEqual(["powerOn", "reset", "powerOff"]);
    expect(vpcd.pendingReplies).toBe(0);
    expect(l.stats).toMatchObject({ apdus: 2, controls: 4, protocolErrors: 0, insertions: 1 });
    expect(errors).toEqual([]);
  });

  test("handles frames packed into one write and split into single bytes", async () => {
    await attach();
    const packed = [Uint8Array.of(0x01), Uint8Array.of(0x04), fromHex("00B0000003"), Uint8Array.of(0x04)].map(encodeVpcdFrame);
    vpcd.sendRaw(Uint8Array.from(packed.flatMap((f) => [...f])));
    expect(await vpcd.nextReply()).toEqual(ECHO_DEVICE_ATR);
    expect(toHex(await vpcd.nextReply())).toBe("0001029000");
    expect(await vpcd.nextReply()).toEqual(ECHO_DEVICE_ATR);
    for (const b of encodeVpcdFrame(fromHex("80100000 02 ABCD"))) vpcd.sendRaw(Uint8Array.of(b));
    expect(toHex(await vpcd.nextReply())).toBe("ABCD9000");
  });

  test("survives garbage: empty frames, unknown control codes, short APDUs, a throwing device, oversized frames", async () => {
    const l = await attach({ maxPayload: 300 });
    vpcd.send(new Uint8Array(0));
    vpcd.control(0x07);
    expect(toHex(await vpcd.exchange(fromHex("00A4")))).toBe("6700");
    expect(toHex(await vpcd.exchange(fromHex("005A0000")))).toBe("6F00");
    expect(toHex(await vpcd.exchange(new Uint8Array(301)))).toBe("6700");
    expect(await vpcd.getAtr()).toEqual(ECHO_DEVICE_ATR);
    expect(toHex(await vpcd.exchange(fromHex("00CA000004")))).toBe("000000039000");
    expect(vpcd.pendingReplies).toBe(0);
    expect(errors.map((e) => e.code)).toEqual(["protocol", "protocol", "protocol", "protocol"]);
    expect(errors.map((e) => e.message).join("\n")).toMatch(/empty vpcd frame[\s\S]*control code 0x07[\s\S]*threw[\s\S]*301 bytes/);
    expect(l.stats.protocolErrors).toBe(4);
    expect(l.inserted).toBe(true);
  });

  test("remove closes the socket and powers the device off; insert brings the card back", async () => {
    const l = await attach();
    await l.remove();
    await vpcd.waitForDisconnect();
    expect(l.inserted).toBe(false);
    expect(closes).toEqual(["removed"]);
    expect(device.calls).toEqual(["powerOff"]);
    await l.insert();
    await vpcd.waitForConnection();
    expect(vpcd.connections).toBe(2);
    expect(await vpcd.getAtr()).toEqual(ECHO_DEVICE_ATR);
    expect(l.stats.insertions).toBe(2);
  });

  test("reports a close by vpcd as 'peer' and can be inserted again", async () => {
    const l = await attach();
    vpcd.dropClient();
    await vpcd.waitForDisconnect();
    await expect.poll(() => closes).toEqual(["peer"]);
    expect(l.inserted).toBe(false);
    await l.insert();
    await vpcd.waitForConnection();
    expect(await vpcd.getAtr()).toEqual(ECHO_DEVICE_ATR);
  });

  test("close refuses further insertions", async () => {
    const l = await attach();
    await l.close();
    expect(closes).toEqual(["closed"]);
    await expect(l.insert()).rejects.toMatchObject({ code: "closed" });
  });

  test("re-arms TCP_QUICKACK when sockopt loads on Linux, and can be told not to", async () => {
    const l = await attach();
    expect(l.quickAck).toBe(process.platform === "linux");
    await l.close();
    await vpcd.waitForDisconnect();
    const plain = await attach({ quickAck: false });
    expect(plain.quickAck).toBe(false);
    expect(await vpcd.getAtr()).toEqual(ECHO_DEVICE_ATR);
  });
});

describe("VpcdCardLink connecting", () => {
  test("retries until vpcd listens", async () => {
    const port = vpcd.port;
    await vpcd.close();
    const pending = VpcdCardLink.connect(device, { port, retryDelayMs: 20, connectTimeoutMs: 3000 });
    await new Promise((r) => setTimeout(r, 150));
    vpcd = await FakeVpcd.start(port);
    link = await pending;
    await vpcd.waitForConnection();
    expect(await vpcd.getAtr()).toEqual(ECHO_DEVICE_ATR);
  });

  test("gives up after a bounded number of attempts with an 'unavailable' error naming the fix", async () => {
    const port = vpcd.port;
    await vpcd.close();
    const started = Date.now();
    const error = await VpcdCardLink.connect(device, { port, connectAttempts: 3, retryDelayMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: "unavailable" });
    expect((error as Error).message).toMatch(/pcscd -f/);
    expect(Date.now() - started).toBeLessThan(2000);
    vpcd = await FakeVpcd.start();
  });

  test("gives up within its time budget", async () => {
    const port = vpcd.port;
    await vpcd.close();
    const started = Date.now();
    await expect(VpcdCardLink.connect(device, { port, connectAttempts: 1000, retryDelayMs: 20, connectTimeoutMs: 200 })).rejects.toMatchObject({
      code: "unavailable",
    });
    expect(Date.now() - started).toBeLessThan(1500);
    vpcd = await FakeVpcd.start();
  });

  test("an abort signal stops the retries", async () => {
    const port = vpcd.port;
    await vpcd.close();
    const controller = new AbortController();
    const pending = VpcdCardLink.connect(device, { port, retryDelayMs: 20, signal: controller.signal });
    setTimeout(() => controller.abort(), 60);
    await expect(pending).rejects.toMatchObject({ code: "closed" });
    vpcd = await FakeVpcd.start();
  });
});

describe("VpcdCardLink removal and insertion in quick succession", () => {
  test("insert right after remove (not awaited) reconnects", async () => {
    const l = await attach();
    const removed = l.remove();
    const inserted = l.insert();
    await Promise.all([removed, inserted]);
    expect(l.inserted).toBe(true);
    expect(closes).toEqual(["removed"]);
    await expect.poll(() => vpcd.connections).toBe(2);
    expect(await vpcd.getAtr()).toEqual(ECHO_DEVICE_ATR);
  });
});
