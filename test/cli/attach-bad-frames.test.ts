import { describe, expect, test } from "vitest";
import { startAttach } from "./attach-harness.ts";

describe("attach: bad vpcd frames are rate-limited on stderr", () => {
  test("200 bad frames → a few lines and a count, not 200 lines", async () => {
    const s = await startAttach(["--device", "card"]);
    await s.vpcd.waitForConnection();
    for (let i = 0; i < 200; i++) s.vpcd.control(0x77);
    expect((await s.vpcd.getAtr()).length).toBeGreaterThan(0);
    expect(await s.stop()).toBe(0);
    const lines = s.io.stderr().split("\n").filter((l) => /control code|more vpcd/.test(l));
    expect(lines.length).toBeLessThanOrEqual(7);
    expect(s.io.stderr()).toMatch(/… 19\d more vpcd errors/);
  }, 30_000);
});
