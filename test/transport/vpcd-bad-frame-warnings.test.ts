import { afterEach, describe, expect, test, vi } from "vitest";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { EchoDevice } from "../support/echo-device.ts";
import { FakeVpcd } from "../support/fake-vpcd.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("VpcdCardLink does not print one line per bad frame", () => {
  test("200 unknown control codes give a handful of console lines, every one counted", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const vpcd = await FakeVpcd.start();
    const link = await VpcdCardLink.connect(new EchoDevice(), { port: vpcd.port, quickAck: false });
    try {
      await vpcd.waitForConnection();
      for (let i = 0; i < 200; i++) vpcd.control(0x77);
      // A get-ATR after them: its answer means every earlier frame was handled.
      expect((await vpcd.getAtr()).length).toBeGreaterThan(0);
      expect(link.stats.protocolErrors).toBe(200);
      expect(warn.mock.calls.length).toBeLessThanOrEqual(6);
    } finally {
      await link.close();
      await vpcd.close();
    }
  });
});
