import { describe, expect, it } from "vitest";
import type { ApduCeilingResult, CeilingClientResult } from "../../bench/apdu-ceiling.ts";
import type { CeilingRound } from "../../bench/ceiling-rounds.ts";
import { formatApduCeiling } from "../../bench/format-apdu-ceiling.ts";
import type { LatencySummary } from "../../bench/latency-summary.ts";

const round = (pair: number, card: "ours" | "echo", perSecond: number): CeilingRound => ({ pair, card, apdus: perSecond * 2, seconds: 2, perSecond, p50Ms: 0.17, p99Ms: 0.4 });
const total = (perSecond: number, p50Ms: number): LatencySummary => ({ count: perSecond * 4, seconds: 4, perSecond, p50Ms, p99Ms: p50Ms * 3, maxMs: p50Ms * 9 });

const client = (name: string, ratio: number, extra: Partial<CeilingClientResult> = {}): CeilingClientResult => ({
  client: name,
  latencyOf: "APDU",
  rounds: [round(1, "ours", 5_700), round(1, "echo", 6_000), round(2, "echo", 6_100), round(2, "ours", 5_800)],
  ours: total(5_750, 0.171),
  echo: total(6_050, 0.164),
  pairRatios: [0.95, 5_800 / 6_100],
  ratio,
  target: 0.9,
  ...extra,
});

const base: ApduCeilingResult = { apduHex: "00A4040C0AD392F000260100000001", secondsPerRound: 2, order: ["ours", "echo", "echo", "ours"], reader: "Virtual PCD 00 00", clients: [] };

describe("the ceiling section of bench apdu", () => {
  it("prints each pair's rates and ratio, the overall ratio in bold and the target met", () => {
    const text = formatApduCeiling({ ...base, clients: [client("PcscTransceiver (smartcard binding)", 5_750 / 6_050)] });
    expect(text).toContain('("Virtual PCD 00 00")');
    expect(text).toContain("4 rounds of 2.0 s per client in ABBA order (ours, echo, echo, ours)");
    expect(text).toContain("| PcscTransceiver (smartcard binding) | 1 | 5,700 | 6,000 | 0.950 |");
    expect(text).toContain("| PcscTransceiver (smartcard binding) | 2 | 5,800 | 6,100 | 0.951 |");
    expect(text).toContain("| PcscTransceiver (smartcard binding) | 5,750 | 0.171 | 0.513 | 6,050 | 0.164 | 0.492 | **0.950** | 0.950 | ≥ 0.90 ✓ | – |");
  });

  it("marks a ratio under the target ✗, notes a client's caveat, and shows a skipped client", () => {
    const text = formatApduCeiling({
      ...base,
      clients: [
        client("opensc-tool -c default, 200 SELECTs per process", 0.85, { latencyOf: "process", note: "whole processes timed" }),
        { client: "other", latencyOf: "process", rounds: [], pairRatios: [], target: 0.9, skipped: "opensc-tool is not installed" },
      ],
    });
    expect(text).toContain("| **0.850** | 0.950 | ≥ 0.90 ✗ |");
    expect(text).toContain("- opensc-tool -c default, 200 SELECTs per process: whole processes timed.");
    expect(text).toContain("| other | skipped: opensc-tool is not installed | | | | | | | | | |");
  });

  it("prints the other load and the card thread's CPU per APDU when known", () => {
    const text = formatApduCeiling({ ...base, clients: [client("c", 0.95, { otherLoadCores: 1.234, cardCpuUsPerApdu: { ours: 55.71, echo: 49.2 } })] });
    expect(text).toContain("| **0.950** | 0.950 | ≥ 0.90 ✓ | 1.2 |");
    expect(text).toContain("- c: CPU of the card's thread per APDU: ours 55.7 µs, echo 49.2 µs.");
  });

  it("says why the section was skipped, or that it failed", () => {
    expect(formatApduCeiling({ ...base, skipped: "the optional sockopt package did not load" })).toMatch(/skipped: the optional sockopt package did not load\n$/);
    expect(formatApduCeiling({ ...base, failed: "the card answered 6A82" })).toMatch(/FAILED: the card answered 6A82\n$/);
  });
});
