import type { DoctorCheck } from "./doctor-check.ts";
import { FixCommand } from "./fix-commands.ts";

const MINIMUM = [20, 19] as const;

/** Node.js is at least 20.19 (package.json `engines`; `require(esm)` and the import attributes we use). */
export const nodeVersionCheck: DoctorCheck = {
  id: "node-version",
  title: "Node.js",
  required: true,
  async run(env) {
    const [major = 0, minor = 0] = env.nodeVersion.split(".").map((part) => Number.parseInt(part, 10) || 0);
    const needed = `>= ${MINIMUM.join(".")}`;
    if (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])) {
      return { status: "ok", detail: `${env.nodeVersion} (needs ${needed})` };
    }
    return { status: "missing", detail: `${env.nodeVersion} is too old (needs ${needed})`, fix: FixCommand.installNode };
  },
};
