import type { MemorySample } from "./memory-growth.ts";
import type { SoakResult } from "./soak-bench.ts";

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** The header of the soak's table (printed before the first sample). */
export const SOAK_TABLE_HEADER = "| t s | qualifications | heap MiB | RSS MiB |\n|---:|---:|---:|---:|\n";

/** One row of the soak's table. */
export function formatSoakSample(s: MemorySample): string {
  return `| ${s.t.toFixed(1)} | ${s.qualifications.toLocaleString("en-US")} | ${mib(s.heapUsedBytes)} | ${mib(s.rssBytes)} |\n`;
}

/** The soak's report after the table: the rule, the slopes, failures, and the verdict line. */
export function formatSoakVerdict(result: SoakResult, machine: string): string {
  const v = result.verdict;
  const last = result.samples.at(-1);
  const rate = last !== undefined && last.t > 0 ? last.qualifications / last.t : 0;
  const fixed = (n: number | undefined, digits: number): string => (n === undefined ? "–" : n.toFixed(digits));
  const lines = [
    `Soak: ${result.minutes} min, ${result.mix} mix${result.mix === "pilot" ? `, seed ${result.seed}` : ""}, ${result.counters} counters in ${result.counterThreads} thread(s) — ${machine}; ${last?.qualifications.toLocaleString("en-US") ?? 0} ${result.mix === "pilot" ? "patients" : "qualifications"} (${rate.toFixed(0)}/s); heap = V8 heap in use of every thread (main, service, counters) after a full GC.`,
    `Rule: ${v.rule}.`,
    `Heap floor ${fixed(v.heapFloorMiBPerMinute, 1)} MiB/min (${fixed(v.heapFloorBytesPerQualification, 0)} bytes per qualification); plain heap slope ${fixed(v.heapMiBPerMinute, 1)} MiB/min; ${v.judgedSamples} judged samples; RSS peak ${mib(v.peakRssBytes)} MiB.`,
  ];
  if (result.failures > 0) lines.push(`FAILED qualifications: ${result.failures} — ${result.firstFailure ?? ""}`);
  const pass = v.pass && result.failures === 0;
  lines.push(`Verdict: ${pass ? "PASS" : "FAIL"} — ${result.failures > 0 ? `${result.failures} qualification(s) did not end as planned; ` : ""}${v.reason}.`);
  return `${lines.join("\n")}\n`;
}
