import type { PilotOutcomeCounts } from "./pilot-outcome-counts.ts";
import type { ReadpathBenchResult, ReadpathRow } from "./readpath-result.ts";

const num = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (part: number, whole: number): string => (whole === 0 ? "–" : `${num((100 * part) / whole, 2)}%`);
const listed = (record: Record<string, number>): string => {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? "0" : entries.map(([k, v]) => `${k} ${num(v)}`).join(", ");
};
const total = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);

function outcomeLine(o: PilotOutcomeCounts): string {
  return `${num(o.qualified)} qualified (${pct(o.qualified, o.patients)}; ${num(o.qualifiedInGrace)} cards in grace, ${num(o.qualifiedAfterRetry)} after a retry) | ${num(total(o.refused))}: ${listed(o.refused)} | ${num(total(o.deviceErrors))}: ${listed(o.deviceErrors)} | ${listed(o.guidance)} | ${listed(o.retries)} | ${listed(o.serviceFaults)}`;
}

/**
 * The pilot rows of `bench readpath --mix pilot`: patients/s and qualified/s, p50/p99 per patient, the ratio to the
 * RSA-2048 signing bound of the same run, the clean rows at the same counters beside them, and the counts per outcome.
 */
export function formatPilotRows(result: ReadpathBenchResult): string[] {
  const rows = result.rows.filter((r) => r.mix === "pilot");
  if (rows.length === 0 || result.pilot === undefined) return [];
  const { seed, mix } = result.pilot;
  const clean = (r: ReadpathRow, m: "card" | "phone"): string => {
    const c = result.rows.find((x) => x.mix === m && x.counters === r.counters);
    return c === undefined ? "–" : `${num(c.complete.perSecond)} (${num(r.qualifiedPerSecond / c.complete.perSecond, 2)}×)`;
  };
  const lines = [
    "",
    `Pilot error mix — seed ${seed} (repeat with --seed ${seed}; counter i draws from the seed and i, the same patients in every row). Shares: phones ${num(mix.phoneShare * 100, 2)}% (iPhone ${num(mix.iphoneShareOfPhones * 100, 1)}% of them; public, docs/domain/pilot-findings.md); MODELLED: wrong PIN once ${num(mix.wrongPinOnce * 100, 1)}% and block ${num(mix.pinBlock * 100, 1)}% of PIN patients, premature tap ${num(mix.prematureTap * 100, 1)}% of phone patients, certificate expired in grace ${num(mix.expiredInGrace * 100, 1)}% / beyond ${num(mix.expiredBeyondGrace * 100, 1)}% / revoked ${num(mix.revoked * 100, 1)}%, service 5xx ${num(mix.serviceError * 100, 1)}% (half 503 before the service, half 502 after it answered; one retry), slow answers ${num(mix.slowAnswer * 100, 1)}% (+${mix.slowAnswerMs.min}–${mix.slowAnswerMs.max} ms).`,
    "",
    "| mix | counters | patients/s | qualified/s | p50 ms | p99 ms | ÷ RSA-2048 sign/s | clean card qual/s (pilot ÷ clean) | clean phone qual/s (pilot ÷ clean) | CPU ms/patient |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| pilot | ${r.counters} | ${num(r.complete.perSecond)} | ${num(r.qualifiedPerSecond)} | ${num(r.complete.p50Ms, 1)} | ${num(r.complete.p99Ms, 1)} | ${num(r.signingRatio, 2)} | ${clean(r, "card")} | ${clean(r, "phone")} | ${num(r.cpuMsPerQualification, 2)} |`,
    ),
    "",
    "| counters | patients | qualified | refused by the service, by reason | device errors | guidance shown | retries | service faults injected |",
    "|---:|---:|---|---|---|---|---|---|",
    ...rows.map((r) => (r.outcomes === undefined ? `| ${r.counters} | – | | | | | | |` : `| ${r.counters} | ${num(r.outcomes.patients)} | ${outcomeLine(r.outcomes)} |`)),
    "p50/p99 are per patient, whatever the outcome (a premature tap, a wrong PIN, a 5xx retry or a slow answer lengthen it); ÷ RSA-2048 is qualified/s over the signing bound.",
  ];
  return lines;
}
