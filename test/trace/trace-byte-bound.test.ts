import { describe, expect, test } from "vitest";
import { ApduTrace } from "../../sim/trace/index.ts";

const MiB = 1024 * 1024;

function heldBytes(trace: ApduTrace): number {
  return trace.entries.reduce((n, e) => n + e.bytes.length, 0);
}

describe("ApduTrace is bounded by bytes, not only by entries", () => {
  test("300 responses of 65,535 bytes keep at most maxBytes (a quarter more between trims) in memory", () => {
    const trace = new ApduTrace({ limit: 1_000_000, maxBytes: MiB });
    const big = new Uint8Array(65_535).fill(0x41);
    for (let i = 0; i < 300; i++) trace.response("vpcd", big, 0.1);
    expect(heldBytes(trace)).toBeLessThanOrEqual(1.25 * MiB + 65_535);
    expect(trace.heldBytes).toBeGreaterThanOrEqual(heldBytes(trace));
    expect(trace.entries.length + trace.dropped).toBe(300);
    expect(trace.entries.at(-1)?.seq).toBe(300);
  });

  test("the default bound holds too: 64 MiB", () => {
    const trace = new ApduTrace();
    const big = new Uint8Array(65_535);
    for (let i = 0; i < 1_500; i++) trace.command("vpcd", big);
    expect(heldBytes(trace)).toBeLessThanOrEqual(1.25 * 64 * MiB + 65_535);
    expect(trace.dropped).toBeGreaterThan(0);
  });

  test("listeners see every entry, also the ones later dropped from memory", () => {
    const trace = new ApduTrace({ limit: 5 });
    const seen: number[] = [];
    const stop = trace.subscribe((e) => seen.push(e.seq));
    for (let i = 0; i < 20; i++) trace.event("x", "reset");
    stop();
    trace.event("x", "reset");
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  test("a listener that throws does not break recording", () => {
    const trace = new ApduTrace();
    trace.subscribe(() => {
      throw new Error("disk full");
    });
    expect(() => trace.command("x", Uint8Array.of(0, 0xa4, 4, 0))).not.toThrow();
    expect(trace.entries).toHaveLength(1);
    expect(trace.listenerErrors).toBe(1);
  });
});
