import { stat } from "node:fs/promises";
import type { CheckOutcome, DoctorCheck } from "./doctor-check.ts";
import type { DoctorEnvironment } from "./doctor-environment.ts";
import { findProcesses } from "./find-processes.ts";
import { FixCommand } from "./fix-commands.ts";

/**
 * pcscd is running: a `pcscd` process in /proc and its client socket. Never connects to the socket.
 * A socket without a visible process is only a warning: pcscd may run in another PID namespace (a container
 * sharing /run/pcscd), or the socket is stale.
 */
export const pcscdRunningCheck: DoctorCheck = {
  id: "pcscd-running",
  title: "pcscd running",
  required: true,
  run: checkPcscdRunning,
};

async function checkPcscdRunning(env: DoctorEnvironment): Promise<CheckOutcome> {
  const processes = await findProcesses(env.procDir, "pcscd");
  const socket = await stat(env.pcscdSocket).then((s) => s.isSocket(), () => false);
  const first = processes[0];
  if (first === undefined) {
    if (socket) {
      return {
        status: "warn",
        detail: `socket ${env.pcscdSocket} exists but no pcscd process is visible (stale socket, or pcscd in another PID namespace)`,
        fix: `${FixCommand.removeStaleSocket} && ${FixCommand.startPcscd}`,
      };
    }
    return { status: "missing", detail: `no pcscd process and no socket ${env.pcscdSocket}`, fix: FixCommand.startPcscd };
  }
  const described = `pid ${first.pid}${first.args.length > 0 ? ` (${first.args.join(" ")})` : ""}`;
  if (!socket) {
    return { status: "missing", detail: `${described} runs but its socket ${env.pcscdSocket} is missing`, fix: FixCommand.restartPcscd };
  }
  const flags = new Set(first.args.slice(1));
  if (flags.has("-x") || flags.has("--auto-exit")) {
    return { status: "warn", detail: `${described}, socket ${env.pcscdSocket}; --auto-exit: it quits after 60 s idle`, fix: FixCommand.restartPcscd };
  }
  if (flags.has("-a") || flags.has("--apdu")) {
    return { status: "warn", detail: `${described}, socket ${env.pcscdSocket}; --apdu logs every APDU, PINs included`, fix: FixCommand.restartPcscd };
  }
  return { status: "ok", detail: `${described}, socket ${env.pcscdSocket}` };
}
