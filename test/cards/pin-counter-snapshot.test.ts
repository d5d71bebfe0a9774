import { describe, expect, test } from "vitest";
import { FOUR_DIGITS, PinCounter, SIGNING_PASSWORD } from "../../sim/cards/pin-counter.ts";
import { restorePinCounters, snapshotPinCounters } from "../../sim/cards/pin-counter-snapshot.ts";

const ascii = (s: string) => new TextEncoder().encode(s);
const counters = () => ({ auth: new PinCounter("1234", 3, FOUR_DIGITS), sign: new PinCounter("MYNA2025", 5, SIGNING_PASSWORD) });

describe("PIN counter snapshot and restore (for attach --state)", () => {
  test("a snapshot is the tries left per name", () => {
    const c = counters();
    c.auth.check(ascii("0000"));
    expect(snapshotPinCounters(c)).toEqual({ auth: 2, sign: 5 });
  });

  test("restoring brings fresh counters down; a blocked PIN stays blocked, the right PIN included", () => {
    const c = counters();
    restorePinCounters(c, { auth: 0, sign: 3 });
    expect(c.auth.blocked).toBe(true);
    expect(c.auth.check(ascii("1234"))).toEqual({ result: "blocked" });
    expect(c.sign.triesLeft).toBe(3);
    expect(c.sign.check(ascii("MYNA2025"))).toEqual({ result: "ok" });
  });

  test.each([
    [{ auth: 4 }, /0–3/],
    [{ auth: -1 }, /0–3/],
    [{ auth: 1.5 }, /0–3/],
    [{ pin: 1 }, /no PIN counter "pin"/],
  ])("refuses %j", (snapshot, message) => {
    expect(() => restorePinCounters(counters(), snapshot)).toThrow(message);
  });

  test("counters only go down: a snapshot above the current count is refused, nothing changes", () => {
    const c = counters();
    c.auth.check(ascii("0000"));
    c.auth.check(ascii("0000"));
    expect(() => restorePinCounters(c, { sign: 1, auth: 3 })).toThrow(/cannot be raised/);
    expect(snapshotPinCounters(c)).toEqual({ auth: 1, sign: 5 });
  });
});
