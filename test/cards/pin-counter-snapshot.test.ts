import { describe, expect, test } from "vitest";
import { FOUR_DIGITS, PinCounter, SIGNING_PASSWORD } from "../../sim/cards/pin-counter.ts";
import { restoreChangedPins, restorePinCounters, snapshotChangedPins, snapshotPinCounters } from "../../sim/cards/pin-counter-snapshot.ts";

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

  test("a changed PIN travels as a salted digest: the new PIN opens the restored counter, the issued one does not", () => {
    const c = counters();
    expect(snapshotChangedPins(c)).toEqual({});
    expect(c.sign.check(ascii("MYNA2025"))).toEqual({ result: "ok" });
    c.sign.change(ascii("NEWPASS9"));
    const changed = snapshotChangedPins(c);
    expect(Object.keys(changed)).toEqual(["sign"]);
    expect(JSON.stringify(changed)).not.toContain("NEWPASS9");
    const restored = counters();
    restoreChangedPins(restored, changed);
    expect(restored.sign.check(ascii("MYNA2025"))).toEqual({ result: "wrong", triesLeft: 4 });
    expect(restored.sign.check(ascii("NEWPASS9"))).toEqual({ result: "ok" });
    expect(restored.auth.check(ascii("1234"))).toEqual({ result: "ok" });
    // The same digest again: salted once, at the change, so an unchanged device writes nothing new.
    expect(snapshotChangedPins(restored)).toEqual(changed);
  });

  test("a changed PIN of an unknown counter or a malformed digest is refused before any counter changes", () => {
    const c = counters();
    expect(() => restoreChangedPins(c, { pin: { salt: "00".repeat(16), hash: "00".repeat(32) } })).toThrow(RangeError);
    expect(() => restoreChangedPins(c, { auth: { salt: "00".repeat(16), hash: "00".repeat(32) }, sign: { salt: "zz", hash: "00" } })).toThrow(RangeError);
    expect(c.auth.check(ascii("1234"))).toEqual({ result: "ok" });
  });
});
