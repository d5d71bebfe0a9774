import type { ClinicDayResult, DayVisit } from "../../scenarios/clinic/clinic-day.ts";
import { displayWidth, padDisplay } from "../display-width.ts";

/** QualificationValidity labels (docs/domain/oqs-files.md). */
export const VALIDITY_LABELS: Readonly<Record<string, string>> = {
  "1": "有効 valid",
  "2": "無効 invalid",
  "3": "無効（新しい資格あり） invalid, newer eligibility",
  "4": "該当資格なし no eligibility",
  "5": "複数該当 several matches",
  "6": "有効（未登録） valid, not registered",
};

/** A visit's outcome in one short phrase. */
export function describeVisit(v: DayVisit): string {
  const o = v.outcome;
  const guidance = o.guidance.length > 0 ? `  [guidance: ${o.guidance.join(" / ")}]` : "";
  if (o.kind === "answered") return `QualificationValidity ${o.result.qualificationValidity} ${VALIDITY_LABELS[o.result.qualificationValidity ?? ""] ?? ""}${guidance}`;
  if (o.kind === "refused") return `refused by the service: ${o.result.processingResultCode ?? "?"}${v.fallback ? ` → ${v.fallback.kind}` : ""}`;
  if (o.kind === "service-unreachable") return `service unreachable (error result file written)${v.fallback ? ` → ${v.fallback.kind}` : ""}`;
  return `reader stopped${o.code ? ` with ${o.code}` : ""}: ${o.title}${v.fallback ? ` → ${v.fallback.kind}` : ""}${guidance}`;
}

function table(title: string, rows: [string, number][]): string[] {
  if (rows.length === 0) return [`  ${title}: none`];
  const width = Math.max(...rows.map(([k]) => displayWidth(k)), displayWidth(title));
  return [`  ${padDisplay(title, width)}  count`, ...rows.map(([k, n]) => `  ${padDisplay(k, width)}  ${String(n).padStart(5)}`)];
}

function count<T>(items: readonly T[], key: (t: T) => string | undefined): [string, number][] {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
}

/** The summary tables printed at the end of `myna-hil run` and saved as summary.txt. */
export function formatDaySummary(day: ClinicDayResult, patients: number): string {
  const answered = day.visits.filter((v) => v.outcome.kind === "answered");
  const valid = answered.filter((v) => v.outcome.kind === "answered" && (v.outcome.result.qualificationValidity === "1" || v.outcome.result.qualificationValidity === "6"));
  const u = day.usage;
  const pct = (a: number, b: number) => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)}%`);
  return [
    `Summary — ${day.facility.name} (${day.facility.medicalInstitutionCode}), ${patients} patients in ${day.seconds.toFixed(1)} s`,
    `  qualified online: ${answered.length} (${valid.length} with a valid eligibility); failed or refused: ${patients - answered.length}`,
    `  usage rate (My Number uses / patients): ${u.myNumberUses}/${patients} = ${pct(u.myNumberUses, patients)}; phone share of My Number uses: ${u.phoneUses}/${u.myNumberUses} = ${pct(u.phoneUses, u.myNumberUses)} (iPhone ${u.iphoneUses}, Android ${u.androidUses})`,
    "",
    ...table("qualifications by path", count(answered, (v) => v.outcome.path)),
    "",
    ...table("answers by QualificationValidity", count(answered, (v) => (v.outcome.kind === "answered" ? `${v.outcome.result.qualificationValidity} ${VALIDITY_LABELS[v.outcome.result.qualificationValidity ?? ""] ?? ""}` : undefined))),
    "",
    ...table("failures by code", count(day.visits, (v) => (v.outcome.kind === "refused" ? `service: ${v.outcome.result.processingResultCode}` : v.outcome.kind === "reader-stopped" ? `reader: ${v.outcome.code ?? v.outcome.state}` : v.outcome.kind === "service-unreachable" ? "service unreachable" : undefined))),
    "",
    ...table("fallbacks (not counted as uses)", count(day.visits, (v) => v.fallback?.kind)),
    "",
    ...table("guidance shown (pilot findings)", count(day.visits.flatMap((v) => v.outcome.guidance), (g) => g)),
    "",
    ...table("phone wanted, card used instead", count(day.visits, (v) => v.phoneRefused)),
  ].join("\n");
}
