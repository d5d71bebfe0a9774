import type { DoctorEnvironment } from "./doctor-environment.ts";

/**
 * `ok`: present. `missing`: a required item is absent (doctor exits 1).
 * `warn`: works, but slower, exposed or less convenient than it should be (never changes the exit code).
 */
export type CheckStatus = "ok" | "missing" | "warn";

/** What one check found. */
export interface CheckOutcome {
  readonly status: CheckStatus;
  /** One line: what was found, e.g. `/usr/sbin/pcscd` or `nothing listens on port 35963`. */
  readonly detail: string;
  /** The exact command(s) that fix a `missing` or `warn` outcome. */
  readonly fix?: string;
}

/** One line of the doctor report. */
export interface CheckResult extends CheckOutcome {
  /** Stable machine id, e.g. `vpcd-listening`. */
  readonly id: string;
  /** Short human label, e.g. `vpcd listening`. */
  readonly title: string;
  /** Whether the hardware tier needs it; a non-required check reports `warn` instead of `missing`. */
  readonly required: boolean;
}

/** A single doctor check. Reads only what {@link DoctorEnvironment} points it at, so tests run it on fixtures. */
export interface DoctorCheck {
  readonly id: string;
  readonly title: string;
  readonly required: boolean;
  run(env: DoctorEnvironment): Promise<CheckOutcome>;
}
