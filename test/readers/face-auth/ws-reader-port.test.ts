import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../../sim/apdu/hex.ts";
import { WsReaderPort } from "../../../sim/readers/ws-reader-port.ts";
import { TransportError } from "../../../sim/apdu/index.ts";
import { WsDeviceServer } from "../../../sim/transport/ws-device-server.ts";
import { EchoDevice } from "../../support/echo-device.ts";

let device: EchoDevice;
let server: WsDeviceServer;
let port: WsReaderPort;

beforeEach(async () => {
  device = new EchoDevice();
  server = await WsDeviceServer.listen(device, { powerOn: false });
  server.on("error", () => undefined);
  port = new WsReaderPort("SONY FeliCa RC-S300/P", { requestTimeoutMs: 1000 });
});

afterEach(async () => {
  await port.remove();
  await server.close();
});

describe("WsReaderPort: devices over the ws device bus", () => {
  it("presents a device only while held, powering it on entry and off on exit", async () => {
    expect(port.isPresent()).toBe(false);
    expect(await port.waitForDevice({ timeoutMs: 20 })).toBeNull();
    await port.hold(server.url);
    expect(port.isPresent()).toBe(true);
    expect(port.heldUrl).toBe(server.url);
    expect(port.presentations).toBe(1);
    const link = await port.waitForDevice({ timeoutMs: 20 });
    expect(link).not.toBeNull();
    expect(toHex(await link!.transmit(fromHex("00100000 01 AA")))).toBe("AA9000");
    expect(link!.description).toContain("SONY FeliCa RC-S300/P");
    await port.remove();
    expect(port.isPresent()).toBe(false);
    expect(device.calls).toEqual(["powerOn", "powerOff"]);
    await expect(link!.transmit(fromHex("00CA000004"))).rejects.toMatchObject({ name: "TransportError", code: "removed" });
  });

  it("a waiter gets the device when it arrives; an abort or a time-out gives null", async () => {
    const waiting = port.waitForDevice({ timeoutMs: 2000 });
    await port.hold(server.url);
    expect(await waiting).not.toBeNull();
    await port.remove();
    const controller = new AbortController();
    const aborted = port.waitForDevice({ timeoutMs: 2000, signal: controller.signal });
    controller.abort();
    expect(await aborted).toBeNull();
  });

  it("takes the device away after holdMs", async () => {
    await port.hold(server.url, { holdMs: 30 });
    const link = await port.waitForDevice({ timeoutMs: 20 });
    await expect.poll(() => port.isPresent(), { timeout: 1000 }).toBe(false);
    await expect(link!.transmit(fromHex("00CA000004"))).rejects.toMatchObject({ code: "removed" });
  });

  it("a device whose server goes away is removed; closing a link does not take the device away", async () => {
    await port.hold(server.url);
    const a = await port.waitForDevice({ timeoutMs: 20 });
    const b = await port.waitForDevice({ timeoutMs: 20 });
    await a!.close();
    await expect(a!.transmit(fromHex("00CA000004"))).rejects.toMatchObject({ code: "closed" });
    expect(toHex(await b!.transmit(fromHex("00100000 01 BB")))).toBe("BB9000");
    await server.close();
    const error = await b!.transmit(fromHex("00CA000004")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe("removed");
    expect(port.isPresent()).toBe(false);
    server = await WsDeviceServer.listen(device);
  });

  it("holding another device takes the first away; an unreachable bus rejects", async () => {
    const other = await WsDeviceServer.listen(new EchoDevice());
    try {
      await port.hold(server.url);
      const first = await port.waitForDevice({ timeoutMs: 20 });
      await port.hold(other.url);
      await expect(first!.transmit(fromHex("00CA000004"))).rejects.toMatchObject({ code: "removed" });
      expect(port.heldUrl).toBe(other.url);
    } finally {
      await port.remove();
      await other.close();
    }
    await expect(port.hold("ws://127.0.0.1:1/")).rejects.toMatchObject({ code: "unavailable" });
    expect(port.isPresent()).toBe(false);
  });
});
