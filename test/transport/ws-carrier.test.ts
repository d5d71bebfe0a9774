import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { fromHex, toHex } from "../../sim/apdu/hex.ts";
import { TransportError } from "../../sim/apdu/index.ts";
import { WsDeviceServer } from "../../sim/transport/ws-device-server.ts";
import { decodeWsError, decodeWsMessage, encodeWsMessage, WsMessageType } from "../../sim/transport/ws-message.ts";
import { WsTransceiver } from "../../sim/transport/ws-transceiver.ts";
import { ECHO_DEVICE_ATR, EchoDevice } from "../support/echo-device.ts";

let device: EchoDevice;
let server: WsDeviceServer;
let serverErrors: TransportError[];
const clients: WsTransceiver[] = [];

async function client(options?: { requestTimeoutMs?: number }): Promise<WsTransceiver> {
  const c = await WsTransceiver.connect(server.url, options);
  clients.push(c);
  return c;
}

/** Sends raw messages on a plain ws client and collects what comes back. */
async function rawExchange(messages: Array<Uint8Array | string>, expected: number): Promise<Uint8Array[]> {
  const ws = new WebSocket(server.url);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const answers: Uint8Array[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${answers.length} of ${expected} answers`)), 2000);
    ws.on("message", (data: Buffer) => {
      answers.push(new Uint8Array(data));
      if (answers.length === expected) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  for (const m of messages) ws.send(m);
  await done;
  ws.close();
  return answers;
}

beforeEach(async () => {
  device = new EchoDevice();
  server = await WsDeviceServer.listen(device);
  serverErrors = [];
  server.on("error", (e) => serverErrors.push(e));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe("ws device bus", () => {
  test("binds to loopback and powers the device on", () => {
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    expect(device.calls).toEqual(["powerOn"]);
  });

  test("round trips: transmit, ATR, reset, power", async () => {
    const c = await client();
    expect(c.description).toBe(`ws:${server.url}`);
    expect(toHex(await c.transmit(fromHex("00A4040C 02 D392")))).toBe("D3929000");
    expect(await c.atr()).toEqual(ECHO_DEVICE_ATR);
    expect(await c.reset()).toEqual(ECHO_DEVICE_ATR);
    await c.powerOff();
    expect(await c.powerOn()).toEqual(ECHO_DEVICE_ATR);
    expect(device.calls).toEqual(["powerOn", "reset", "powerOff", "powerOn"]);
    const big = await c.transmit(fromHex("00B00000 000800"));
    expect(big.length).toBe(2048 + 2);
    expect(toHex(big.subarray(-4))).toBe("FEFF9000");
  });

  test("concurrent transmits are matched by id and reach the device in order", async () => {
    const c = await client();
    const n = 200;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => c.transmit(Uint8Array.of(0x80, 0x10, 0, 0, 2, i >> 8, i & 0xff))));
    answers.forEach((a, i) => expect([...a]).toEqual([i >> 8, i & 0xff, 0x90, 0x00]));
    expect(toHex(await c.transmit(fromHex("00CA000004")))).toBe(`${(n + 1).toString(16).toUpperCase().padStart(8, "0")}9000`);
    expect(c.inFlight).toBe(0);
  });

  test("two clients share the device", async () => {
    const [a, b] = await Promise.all([client(), client()]);
    await a.transmit(fromHex("00100000"));
    expect(toHex(await b.transmit(fromHex("00CA000004")))).toBe("000000029000");
    expect(server.stats.clients).toBe(2);
  });

  test("bad messages get an error answer and the server keeps serving", async () => {
    const answers = await rawExchange(
      [
        "hello",
        Uint8Array.of(0x01, 0x00),
        encodeWsMessage(0x42, 7),
        encodeWsMessage(WsMessageType.TRANSMIT, 8),
        encodeWsMessage(WsMessageType.ATR, 9, Uint8Array.of(1)),
        encodeWsMessage(WsMessageType.TRANSMIT, 10, fromHex("005A0000")),
        encodeWsMessage(WsMessageType.TRANSMIT, 11, fromHex("00CA000004")),
      ],
      7,
    );
    const decoded = answers.map(decodeWsMessage);
    expect(decoded.map((m) => [m.type, m.id])).toEqual([
      [0xff, 0],
      [0xff, 0],
      [0xff, 7],
      [0xff, 8],
      [0xff, 9],
      [0x81, 10],
      [0x81, 11],
    ]);
    for (const m of decoded.slice(0, 5)) expect(decodeWsError(m.payload).code).toBe("protocol");
    expect(decodeWsError(decoded[0]!.payload).message).toMatch(/text messages/);
    expect(toHex(decoded[5]!.payload)).toBe("6F00");
    expect(toHex(decoded[6]!.payload)).toBe("000000029000");
    expect(serverErrors.length).toBe(6);
    const c = await client();
    expect(toHex(await c.transmit(fromHex("00100000 01 AA")))).toBe("AA9000");
  });

  test("closing the client rejects pending transmits with TransportError('closed')", async () => {
    const c = await client();
    const pending = Array.from({ length: 50 }, () => c.transmit(fromHex("00CA000004")));
    const closing = c.close();
    const results = await Promise.allSettled(pending);
    await closing;
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) {
      expect(r.reason).toBeInstanceOf(TransportError);
      expect((r.reason as TransportError).code).toBe("closed");
    }
    await expect(c.transmit(fromHex("00CA000004"))).rejects.toMatchObject({ code: "closed" });
  });

  test("a server that goes away rejects with 'removed'", async () => {
    const c = await client();
    await server.close();
    await expect.poll(() => c.transmit(fromHex("00CA000004")).catch((e: TransportError) => e.code)).toBe("removed");
    server = await WsDeviceServer.listen(device);
  });

  test("an unreachable server is 'unavailable'", async () => {
    const url = server.url;
    await server.close();
    await expect(WsTransceiver.connect(url, { connectTimeoutMs: 1000 })).rejects.toMatchObject({ code: "unavailable" });
    server = await WsDeviceServer.listen(device);
  });

  test("32 transmits in flight at once each get their own answer, in order at the device (speed: `bench apdu`)", async () => {
    const c = await client();
    const before = device.processed;
    // Each command reads a different offset, so a mixed-up answer would show.
    const offsets = Array.from({ length: 32 }, (_, i) => i);
    const answers = await Promise.all(offsets.map((o) => c.transmit(Uint8Array.of(0x00, 0xb0, 0x00, o, 0x04))));
    for (const [i, answer] of answers.entries()) {
      const alone = await c.transmit(Uint8Array.of(0x00, 0xb0, 0x00, i, 0x04));
      expect(answer).toEqual(alone);
    }
    expect(device.processed - before).toBe(64);
  });

});
