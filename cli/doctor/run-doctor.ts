import type { CheckResult, DoctorCheck } from "./doctor-check.ts";
import type { DoctorEnvironment } from "./doctor-environment.ts";
import { firstLine } from "./first-line.ts";

/** The doctor's verdict; also the `--json` output. */
export interface DoctorReport {
  /** `true` when no check is `missing` (warnings allowed): the hardware tier can run. */
  readonly ok: boolean;
  readonly counts: { readonly ok: number; readonly missing: number; readonly warn: number };
  readonly checks: readonly CheckResult[];
}

/** Runs every check in order. A check that throws is reported as `missing` (or `warn` if not required), never crashes the doctor. */
export async function runDoctor(env: DoctorEnvironment, checks: readonly DoctorCheck[]): Promise<DoctorReport> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { id: check.id, title: check.title, required: check.required };
    try {
      const outcome = await check.run(env);
      // A non-required check can never fail the run, whatever it returns.
      const status = !check.required && outcome.status === "missing" ? "warn" : outcome.status;
      results.push({ ...base, ...outcome, status });
    } catch (error) {
      results.push({ ...base, status: check.required ? "missing" : "warn", detail: `check failed: ${firstLine(error)}` });
    }
  }
  const count = (status: CheckResult["status"]): number => results.filter((r) => r.status === status).length;
  const counts = { ok: count("ok"), missing: count("missing"), warn: count("warn") };
  return { ok: counts.missing === 0, counts, checks: results };
}
