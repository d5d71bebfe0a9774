import type { CarrierResult } from "./apdu-bench.ts";

const num = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number) => num(n, n < 0.01 ? 4 : 3);

/** The benchmark's table, as printed by `myna-hil bench apdu` and quoted in the README. */
export function formatApduBench(results: readonly CarrierResult[], machine: string): string {
  const lines = [
    `APDU round trips (READ BINARY 4 bytes) and full read (SELECT + auth certificate + VERIFY + RSA-2048 signature) — ${machine}`,
    "",
    "| carrier | APDU/s | p50 ms | p99 ms | target APDU/s | full read p50 ms | p99 ms | full reads/s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    if (!r.apdu || !r.fullRead) {
      lines.push(`| ${r.carrier} | skipped: ${r.skipped ?? "not measured"} | | | | | | |`);
      continue;
    }
    const met = r.target ? (r.apdu.perSecond >= r.target ? " ✓" : " ✗") : "";
    lines.push(
      `| ${r.carrier} | ${num(r.apdu.perSecond)} | ${ms(r.apdu.p50Ms)} | ${ms(r.apdu.p99Ms)} | ${r.target ? num(r.target) + met : "–"} | ${num(r.fullRead.p50Ms, 2)} | ${num(r.fullRead.p99Ms, 2)} | ${num(r.fullRead.perSecond, 1)} |`,
    );
  }
  lines.push("", "What bounds each figure:");
  for (const r of results) lines.push(`- ${r.carrier}: ${r.bound}`);
  return `${lines.join("\n")}\n`;
}
