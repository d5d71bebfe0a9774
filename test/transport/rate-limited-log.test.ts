import { describe, expect, test } from "vitest";
import { RateLimitedLog } from "../../sim/transport/rate-limited-log.ts";

describe("RateLimitedLog: the first few lines, then a count per interval", () => {
  test("a burst, then one count line per interval while it goes on, and the rest on flush", () => {
    let t = 0;
    const lines: string[] = [];
    const log = new RateLimitedLog((line) => lines.push(line), { burst: 3, intervalMs: 1000, now: () => t, what: "vpcd errors" });
    for (let i = 0; i < 10; i++) log.log(`bad frame ${i}`);
    expect(lines).toEqual(["bad frame 0", "bad frame 1", "bad frame 2"]);
    t = 1500;
    log.log("bad frame 10");
    expect(lines.slice(3)).toEqual(["… 7 more vpcd errors in the last 1 s", "bad frame 10"]);
    for (let i = 11; i < 15; i++) log.log(`bad frame ${i}`);
    log.flush();
    expect(lines.slice(5)).toEqual(["bad frame 11", "bad frame 12", "… 2 more vpcd errors in the last 1 s"]);
    log.flush();
    expect(lines).toHaveLength(8);
  });
});
