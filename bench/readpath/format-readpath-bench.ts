import { formatCpuSplit } from "./format-cpu-split.ts";
import { formatPilotRows } from "./format-pilot-rows.ts";
import type { ReadpathBenchResult, ReadpathRow } from "./readpath-result.ts";

const num = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes: number): string => num(bytes / 2 ** 20);

/** The targets of issue 4 (2-core machine): phone qualifications with 16 counters, their p99, and peak memory. */
export const READPATH_TARGETS = { phonePerSecond: 1000, atCounters: 16, p99Ms: 50, peakRssBytes: 2 ** 30 } as const;

function targetCell(row: ReadpathRow): string {
  if (row.mix !== "phone" || row.counters !== READPATH_TARGETS.atCounters) return "–";
  const rate = row.complete.perSecond >= READPATH_TARGETS.phonePerSecond;
  const p99 = row.complete.p99Ms < READPATH_TARGETS.p99Ms;
  const memory = row.peakRssBytes < READPATH_TARGETS.peakRssBytes;
  return `≥${num(READPATH_TARGETS.phonePerSecond)}/s ${rate ? "✓" : "✗"} p99<${READPATH_TARGETS.p99Ms} ${p99 ? "✓" : "✗"} <1 GiB ${memory ? "✓" : "✗"}`;
}

/** The benchmark's report, as printed by `myna-hil bench readpath`. */
export function formatReadpathBench(result: ReadpathBenchResult, machine: string): string {
  const a = result.architecture;
  const lines = [
    `Complete qualifications (fresh challenge → device read with real APDUs + RSA-2048 → identity proof with the consents; one HTTP call each, the next challenge coming with the answer) — ${machine}`,
    `Service: ${a.serviceThread}; journal ${a.journal}.`,
    `Counters: ${a.counters} in ${a.counterThreads} worker thread(s), HTTP client ${a.httpClient === "socket" ? "lean keep-alive HTTP/1.1 on node:net (--http-client node-http: OnshiClient's default)" : "node:http keep-alive (OnshiClient's default)"}; devices ${a.carrier} to their counter (carriers: see \`bench apdu\`); ${a.devices.phones} phones (Android/iPhone alternating), ${a.devices.cards} cards, provisioned once (${num(a.devices.provisionSeconds, 1)} s), linked via POST /admin/links.`,
    "",
    "| mix | counters | qualifications/s | p50 ms | p99 ms | to answer p50/p99 ms | CPU ms/qual | other load (cores) | peak RSS MiB | ÷ national peak | ÷ RSA-2048 sign/s | target |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of result.rows) {
    if (r.mix === "pilot") continue;
    lines.push(
      `| ${r.mix} | ${r.counters} | ${num(r.complete.perSecond)} | ${num(r.complete.p50Ms, 1)} | ${num(r.complete.p99Ms, 1)} | ${num(r.answer.p50Ms, 1)} / ${num(r.answer.p99Ms, 1)} | ${num(r.cpuMsPerQualification, 2)} | ${r.otherCores === undefined ? "?" : num(r.otherCores, 1)} | ${mib(r.peakRssBytes)} | ${num(r.nationalPeakRatio, 2)}× | ${num(r.signingRatio, 2)} | ${targetCell(r)} |`,
    );
  }
  const failed = result.rows.filter((r) => r.failures > 0);
  lines.push(...formatPilotRows(result));
  lines.push(...formatCpuSplit(result));
  for (const r of failed) lines.push(`FAILED ${r.mix} × ${r.counters}: ${r.failures} counter(s) stopped — ${r.firstFailure ?? ""}`);
  lines.push(
    "",
    `RSA-2048 signing bound (same run): ${num(result.signing.perSecond)} signatures/s on ${result.signing.threads} threads (${result.signing.perThread.map((p) => num(p)).join(" + ")}${result.signing.otherCores !== undefined ? `; other load ${num(result.signing.otherCores, 1)} cores` : ""}); every qualification costs one device signature.`,
    ...(result.floor !== undefined
      ? [
          `HTTP floor (same run): ${num(result.floor.perSecond)} requests/s = ${num(result.floor.perSecond / result.signing.perSecond, 2)} of the signing bound, ${num(result.floor.cpuMsPerRequest, 3)} ms CPU each (${result.floor.connections} keep-alive loops in ${result.floor.clientThreads} thread(s); each request one RSA-2048 signature, one HTTP/1.1 exchange on loopback with the read path's sizes, one verification; no schema, checks, journal or APDUs${result.floor.otherCores !== undefined ? `; other load ${num(result.floor.otherCores, 1)} cores` : ""}${result.floor.failures > 0 ? `; ${result.floor.failures} FAILED` : ""}). No HTTP read path reaches a higher ratio on this machine.`,
          `Each row ÷ the HTTP floor (the share of the reachable rate it reaches): ${result.rows.map((r) => `${r.mix} × ${r.counters} ${num(r.qualifiedPerSecond / (result.floor?.perSecond ?? Number.NaN), 2)}`).join(", ")}.`,
        ]
      : []),
    "National peak rate:",
    ...result.national.derivation.map((d) => `  ${d}`),
    "",
    "What bounds each figure:",
    ...result.rows.map((r) => `- ${r.mix} × ${r.counters}: ${r.bound}`),
    "- p50/p99: queueing behind busy threads, plus journal group commits (write + fdatasync) before each answer and GC pauses.",
    `- peak RSS: the whole process (main, service and counter threads, each its own V8 heap) — one service for all rows, so its in-memory state grows row by row; run peak ${mib(result.peakRssBytes)} MiB.`,
    "- CPU ms/qual: process.cpuUsage (all threads, user + system) over the row ÷ qualifications; includes the journal's syscalls.",
    `- devices: ${a.devices.phones + a.devices.cards} certificates, so the service parses and chain-checks each once (its certificate cache); a nation of distinct certificates would add that (~0.33 ms measured here) to every qualification.`,
  );
  if (result.journal !== undefined) {
    lines.push(`Journal: ${num(result.journal.appends)} appends in ${num(result.journal.commits)} group commits (${num(result.journal.appends / Math.max(1, result.journal.commits), 1)} per fdatasync), ${mib(result.journal.bytes)} MiB.`);
  }
  return `${lines.join("\n")}\n`;
}
