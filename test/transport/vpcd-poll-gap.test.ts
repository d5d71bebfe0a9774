import { afterEach, describe, expect, it } from "vitest";
import { inPollGap, noteCardInserted, noteCardRemoved, notePresencePoll, SAFE_AFTER_POLL_MS, waitForPollGap } from "../../sim/transport/vpcd-poll-gap.ts";

/** When this thread may make a synchronous PC/SC call: between pcscd's presence polls of the cards it serves. */
describe("the poll gap", () => {
  const cards = [{}, {}];
  afterEach(() => {
    for (const card of cards) noteCardRemoved(card);
  });

  it("is open when this thread serves no card", async () => {
    expect(inPollGap()).toBe(true);
    await waitForPollGap(10_000); // at once: the test's own time-out would end it otherwise
  });

  it("is closed for a card not yet polled, open right after its poll, closed again once the next poll nears", () => {
    const [a] = cards as [object];
    noteCardInserted(a);
    expect(inPollGap(1_000)).toBe(false);
    notePresencePoll(a, 1_000);
    expect(inPollGap(1_000)).toBe(true);
    expect(inPollGap(1_000 + SAFE_AFTER_POLL_MS)).toBe(true);
    expect(inPollGap(1_000 + SAFE_AFTER_POLL_MS + 1)).toBe(false);
  });

  it("needs every card served to be in its gap", () => {
    const [a, b] = cards as [object, object];
    notePresencePoll(a, 1_000);
    notePresencePoll(b, 1_150);
    expect(inPollGap(1_180)).toBe(true);
    const aDueSoon = 1_000 + SAFE_AFTER_POLL_MS + 20; // b is still in its gap, a is not
    expect(inPollGap(aDueSoon)).toBe(false);
    noteCardRemoved(a);
    expect(inPollGap(aDueSoon)).toBe(true);
  });

  it("waits for the next poll, and a removal also ends the wait", async () => {
    const [a, b] = cards as [object, object];
    noteCardInserted(a);
    let resolved = false;
    const waiting = waitForPollGap(10_000).then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    notePresencePoll(a);
    await waiting;
    noteCardInserted(b);
    const second = waitForPollGap(10_000);
    noteCardRemoved(b);
    await second;
  });

  it("gives up after its time-out (best effort: the call then goes ahead)", async () => {
    noteCardInserted(cards[0] as object);
    const started = performance.now();
    await waitForPollGap(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
