import { afterEach, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { fromHex } from "../../sim/apdu/hex.ts";
import { WsDeviceServer } from "../../sim/transport/ws-device-server.ts";
import { encodeWsMessage, WsMessageType } from "../../sim/transport/ws-message.ts";
import { EchoDevice } from "../support/echo-device.ts";

/** READ BINARY with Le = 65535 (extended): the echo device answers 65,535 bytes + 9000. */
const BIG_READ = fromHex("00B00000 00FFFF");
const REQUESTS = 1_000;
const BOUND = 256 * 1024;

let server: WsDeviceServer | undefined;
let client: WebSocket | undefined;

afterEach(async () => {
  client?.terminate();
  client = undefined;
  await server?.close();
  server = undefined;
});

async function settle(read: () => number, timeoutMs: number): Promise<number> {
  // Waits until the value stops moving for 300 ms (bounded by timeoutMs).
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const now = read();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 300) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return read();
}

describe("device bus backpressure", () => {
  test("a client that sends requests and never reads its answers makes the server stop reading, not queue answers", async () => {
    const device = new EchoDevice();
    server = await WsDeviceServer.listen(device, { maxBufferedBytes: BOUND });
    server.on("error", () => undefined);
    const ws = new WebSocket(server.url, { perMessageDeflate: false });
    client = ws;
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    let answers = 0;
    ws.on("message", () => answers++);
    // A bounded loopback client that does not read: its socket is paused.
    ws.pause();
    for (let i = 1; i <= REQUESTS; i++) ws.send(encodeWsMessage(WsMessageType.TRANSMIT, i, BIG_READ));

    const processed = await settle(() => device.processed, 5_000);
    // Without backpressure the server answers all 1,000 (65 MB queued in the host); with it, it stops after the kernel's
    // socket buffers and the bound are full.
    expect(processed).toBeLessThan(REQUESTS / 2);
    expect(server.stats.bufferedBytes).toBeLessThanOrEqual(BOUND + 2 * 65_542);
    expect(server.stats.pausedClients).toBe(1);

    // Once the client reads again, every request is answered, in order, and nothing is lost.
    ws.resume();
    const deadline = Date.now() + 30_000;
    while (answers < REQUESTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(answers).toBe(REQUESTS);
    expect(device.processed).toBe(REQUESTS);
    expect(server.stats.pausedClients).toBe(0);
  }, 60_000);

  test("a client that stays stalled past stallTimeoutMs is disconnected", async () => {
    const device = new EchoDevice();
    server = await WsDeviceServer.listen(device, { maxBufferedBytes: BOUND, stallTimeoutMs: 300 });
    const errors: string[] = [];
    server.on("error", (e) => errors.push(e.message));
    const ws = new WebSocket(server.url, { perMessageDeflate: false });
    client = ws;
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.on("error", () => undefined);
    ws.pause();
    for (let i = 1; i <= REQUESTS; i++) ws.send(encodeWsMessage(WsMessageType.TRANSMIT, i, BIG_READ));
    const deadline = Date.now() + 10_000;
    while (server.stats.clients > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(server.stats.clients).toBe(0);
    expect(errors.some((m) => /stalled/.test(m))).toBe(true);
    ws.terminate();
    await closed;
  }, 30_000);
});
