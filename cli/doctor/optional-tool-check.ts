import type { DoctorCheck } from "./doctor-check.ts";
import { findExecutable } from "./find-executable.ts";

/** A check that a command-line tool is on PATH; a missing tool is only a warning (`purpose` says what it is for). */
export function optionalToolCheck(tool: string, debianPackage: string, purpose: string): DoctorCheck {
  return {
    id: `tool-${tool}`,
    title: tool,
    required: false,
    async run(env) {
      const path = await findExecutable(tool, env.searchPath);
      if (path !== undefined) return { status: "ok", detail: path };
      return { status: "warn", detail: `not on PATH (optional: ${purpose})`, fix: `apt-get install -y ${debianPackage}` };
    },
  };
}
