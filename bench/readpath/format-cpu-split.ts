import { CPU_CATEGORIES } from "./cpu-categories.ts";
import { OTHER_THREADS } from "./cpu-split.ts";
import type { ReadpathBenchResult } from "./readpath-result.ts";
import { SPLIT_SAMPLING_INTERVAL_US } from "./thread-profiler.ts";

const ms = (n: number): string => n.toFixed(3);

/**
 * The rows' CPU per qualification by where it went, as printed by `bench readpath`. The last column is what the row's
 * ratio to the signing bound would be with every core busy: the signature's share of the CPU a qualification costs.
 */
export function formatCpuSplit(result: ReadpathBenchResult): string[] {
  const rows = result.rows.filter((r) => r.cpuSplit !== undefined);
  if (rows.length === 0) return [];
  const columns = [...CPU_CATEGORIES, OTHER_THREADS] as const;
  const lines = [
    "",
    `CPU per qualification by where it went, ms, from a second pass of each row with V8's sampling profiler on (samples every ${SPLIT_SAMPLING_INTERVAL_US / 1000} ms in the service and counter threads, each thread's shares scaled to the CPU the OS counted for it; "${OTHER_THREADS}": libuv's pool (journal writes, fdatasync), V8's helpers and the profiler's own threads, the main thread). The profiler costs CPU itself, so "total" exceeds the row's CPU ms/qual above; the rows above are measured without it:`,
    "",
    `| mix | counters | total | ${columns.join(" | ")} | signature share = ÷ sign/s with every core busy |`,
    `|---|---:|---:|${columns.map(() => "---:").join("|")}|---:|`,
  ];
  for (const r of rows) {
    const split = r.cpuSplit;
    if (split === undefined) continue;
    const total = columns.reduce((n, c) => n + split[c], 0);
    lines.push(`| ${r.mix} | ${r.counters} | ${ms(total)} | ${columns.map((c) => ms(split[c])).join(" | ")} | ${total > 0 ? (split.signature / total).toFixed(2) : "–"} |`);
  }
  return lines;
}
