import { describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { DeviceSockets } from "../../scenarios/clinic/device-sockets.ts";
import { EchoDevice } from "../support/echo-device.ts";

describe("DeviceSockets", () => {
  test("concurrent urlOf() for the same device start one server, not two (no leak)", async () => {
    const sockets = new DeviceSockets();
    const device = new EchoDevice();
    try {
      const urls = await Promise.all([sockets.urlOf(device), sockets.urlOf(device), sockets.urlOf(device)]);
      expect(new Set(urls).size).toBe(1);
      expect(sockets.size).toBe(1);
    } finally {
      await sockets.close();
    }
  });

  test("close() during a pending urlOf() closes that server too", async () => {
    const sockets = new DeviceSockets();
    const pending = sockets.urlOf(new EchoDevice());
    const closing = sockets.close();
    const url = await pending.catch(() => undefined);
    await closing;
    expect(sockets.size).toBe(0);
    if (url !== undefined) {
      // Nobody must be listening there any more.
      const ws = new WebSocket(url);
      const outcome = await new Promise<string>((resolve) => {
        ws.once("open", () => resolve("open"));
        ws.once("error", () => resolve("refused"));
      });
      ws.terminate();
      expect(outcome).toBe("refused");
    }
  });

  test("a device server's errors are reported, not swallowed", async () => {
    const seen: string[] = [];
    const sockets = new DeviceSockets({ onError: (error, device) => seen.push(`${device.description}: ${error.message}`) });
    try {
      const url = await sockets.urlOf(new EchoDevice({ description: "echo 1" }));
      const ws = new WebSocket(url);
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      ws.send("text is not part of the device bus");
      const deadline = Date.now() + 2000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      ws.close();
      expect(seen[0]).toMatch(/^echo 1: device bus: text messages/);
      expect(sockets.errorCount).toBe(1);
    } finally {
      await sockets.close();
    }
  });

  test("without onError, errors are kept (bounded) for the caller to report", async () => {
    const sockets = new DeviceSockets();
    try {
      const url = await sockets.urlOf(new EchoDevice());
      const ws = new WebSocket(url);
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      for (let i = 0; i < 150; i++) ws.send("bad");
      const deadline = Date.now() + 3000;
      while (sockets.errorCount < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      ws.close();
      expect(sockets.errorCount).toBe(150);
      expect(sockets.errors.length).toBeLessThanOrEqual(100);
    } finally {
      await sockets.close();
    }
  });
});
