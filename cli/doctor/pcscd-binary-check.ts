import type { DoctorCheck } from "./doctor-check.ts";
import { findExecutable } from "./find-executable.ts";
import { FixCommand } from "./fix-commands.ts";

/** The pcscd daemon is installed (`/usr/sbin/pcscd` or on PATH). */
export const pcscdBinaryCheck: DoctorCheck = {
  id: "pcscd-binary",
  title: "pcscd installed",
  required: true,
  async run(env) {
    const path = await findExecutable("pcscd", env.searchPath, env.pcscdCandidates);
    if (path !== undefined) return { status: "ok", detail: path };
    return {
      status: "missing",
      detail: `no pcscd in ${[...env.pcscdCandidates, "PATH"].join(", ")}`,
      fix: FixCommand.installPcscd,
    };
  },
};
