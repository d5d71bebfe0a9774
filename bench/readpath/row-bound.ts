import type { ReadpathRow } from "./readpath-result.ts";

const pct = (f: number): string => `${Math.round(f * 100)}%`;

/** The figures {@link describeRowBound} reads. */
export type RowFigures = Pick<ReadpathRow, "busy" | "counters" | "cpuMsPerQualification" | "threadCpuMsPerQualification" | "complete" | "otherCores">;

/**
 * What limits a row, read from its own figures: a thread whose event loop is (nearly) always busy; else the machine's
 * cores when this process and others keep them busy; else latency (each counter waits for its own round trips). The
 * CPU per qualification says how far the cores would carry the same work.
 */
export function describeRowBound(row: RowFigures, cores: number): string {
  const threads = [{ name: "service thread", busy: row.busy.service }, ...row.busy.counters.map((busy, i) => ({ name: row.busy.counters.length === 1 ? "counter thread" : `counter thread ${i}`, busy }))];
  const busiest = threads.reduce((a, b) => (b.busy > a.busy ? b : a));
  const loads = `event loops busy: ${threads.map((t) => `${t.name} ${pct(t.busy)}`).join(", ")}`;
  const ownCores = (row.cpuMsPerQualification * row.complete.perSecond) / 1000;
  const others = row.otherCores ?? 0;
  const machine = `${cores} cores ${pct(Math.min(1, (ownCores + others) / cores))} busy (this process ${ownCores.toFixed(1)}${others >= 0.05 ? `, other processes ${others.toFixed(1)}` : ""})`;
  const { service, counters } = row.threadCpuMsPerQualification;
  const split = service !== undefined && counters !== undefined ? `: service thread ${service.toFixed(2)}, counter threads ${counters.toFixed(2)}, GC/journal/other threads ${Math.max(0, row.cpuMsPerQualification - service - counters).toFixed(2)}` : "";
  const cpu = `CPU ${row.cpuMsPerQualification.toFixed(2)} ms/qualification${split} → ≤ ~${Math.round((cores * 1000) / row.cpuMsPerQualification).toLocaleString("en-US")}/s on ${cores} cores`;
  let verdict: string;
  if (busiest.busy >= 0.9) verdict = `${busiest.name} saturated`;
  else if ((ownCores + others) / cores >= 0.8) verdict = "CPU-bound";
  else verdict = `latency-bound (${row.counters} counter${row.counters === 1 ? "" : "s"}, each waiting on its own HTTP round trip (the next challenge comes with each answer), device read and journal commit)`;
  return `${verdict}; ${machine}; ${loads}; ${cpu}`;
}
