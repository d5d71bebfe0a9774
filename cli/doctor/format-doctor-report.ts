import type { DoctorReport } from "./run-doctor.ts";

/** The human-readable report: one line per check (`ok`/`missing`/`warn`, title, detail), the fix indented below it. */
export function formatDoctorReport(report: DoctorReport): string {
  const titleWidth = Math.max(...report.checks.map((c) => c.title.length), 0);
  const lines = ["myna-hil doctor: hardware tier (pcscd + vpcd + PC/SC binding)", ""];
  for (const check of report.checks) {
    lines.push(`  ${check.status.padEnd(7)}  ${check.title.padEnd(titleWidth)}  ${check.detail}`);
    if (check.fix !== undefined && check.status !== "ok") lines.push(`  ${"".padEnd(7)}  ${"".padEnd(titleWidth)}  fix: ${check.fix}`);
  }
  const { ok, missing, warn } = report.counts;
  lines.push("");
  lines.push(
    report.ok
      ? `ready: ${ok} ok, ${warn} warning${warn === 1 ? "" : "s"}`
      : `NOT ready: ${missing} missing, ${warn} warning${warn === 1 ? "" : "s"}, ${ok} ok`,
  );
  return `${lines.join("\n")}\n`;
}
