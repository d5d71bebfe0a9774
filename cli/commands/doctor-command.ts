import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { VerdictFailure } from "../cli-error.ts";
import type { DoctorCheck } from "../doctor/doctor-check.ts";
import { doctorChecks } from "../doctor/doctor-checks.ts";
import type { DoctorEnvironment } from "../doctor/doctor-environment.ts";
import { systemDoctorEnvironment } from "../doctor/doctor-environment.ts";
import { formatDoctorReport } from "../doctor/format-doctor-report.ts";
import { runDoctor } from "../doctor/run-doctor.ts";

/**
 * `myna-hil doctor [--json]`: what the hardware tier (pcscd + vpcd + PC/SC binding) lacks and how to fix each item.
 * Exit 0 when nothing required is missing (warnings allowed), 1 otherwise.
 *
 * @param environment - what the checks look at; tests pass fixture paths
 * @param checks - the checks to run; tests may pass a subset
 */
export function registerDoctorCommand(
  program: Command,
  context: CliContext,
  environment: DoctorEnvironment = systemDoctorEnvironment(),
  checks: readonly DoctorCheck[] = doctorChecks,
): void {
  program
    .command("doctor")
    .description("say what is missing for the hardware tier (pcscd, vpcd, PC/SC binding, ports) and how to fix it")
    .option("--json", "print the report as JSON on stdout")
    .action(async (options: { json?: boolean }) => {
      const report = await runDoctor(environment, checks);
      context.io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
      if (!report.ok) throw new VerdictFailure(`doctor: ${report.counts.missing} required item(s) missing for the hardware tier`);
    });
}
