import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { TransportError } from "../../sim/apdu/index.ts";
import { WsTransceiver } from "../../sim/transport/ws-transceiver.ts";

/** A loopback TCP server that accepts and never answers the WebSocket handshake. */
let silent: Server;
const accepted: Socket[] = [];
let uncaught: unknown[];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeEach(async () => {
  uncaught = [];
  process.on("uncaughtException", onUncaught);
  silent = createServer((socket) => {
    accepted.push(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
});

afterEach(async () => {
  process.off("uncaughtException", onUncaught);
  for (const s of accepted.splice(0)) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

const url = () => `ws://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
const tick = () => new Promise((r) => setTimeout(r, 100));

describe("WsTransceiver.connect gives up cleanly", () => {
  test("an abort during the handshake rejects with 'closed' and raises no uncaught error afterwards", async () => {
    const stop = new AbortController();
    const connecting = WsTransceiver.connect(url(), { signal: stop.signal, connectTimeoutMs: 5000 });
    setTimeout(() => stop.abort(), 30);
    await expect(connecting).rejects.toMatchObject({ code: "closed" });
    await tick();
    expect(uncaught).toEqual([]);
  });

  test("a time-out (ours before ws's own) rejects with 'timeout' and raises no uncaught error afterwards", async () => {
    const connecting = WsTransceiver.connect(url(), { connectTimeoutMs: 80 });
    await expect(connecting).rejects.toBeInstanceOf(TransportError);
    await tick();
    expect(uncaught).toEqual([]);
  });
});
