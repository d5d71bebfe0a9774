import type { CheckOutcome, DoctorCheck } from "./doctor-check.ts";
import type { DoctorEnvironment } from "./doctor-environment.ts";
import { FixCommand } from "./fix-commands.ts";
import type { ListeningSocket } from "./proc-net-tcp.ts";
import { isLoopbackAddress, isWildcardAddress, readListeningSockets } from "./proc-net-tcp.ts";
import { vpcdPorts } from "./vpcd-ports.ts";

/**
 * vpcd listens on both slot ports, on loopback or all interfaces. Reads /proc/net/tcp{,6} only:
 * opening a TCP connection to vpcd would look to pcscd like a card being inserted.
 */
export const vpcdListeningCheck: DoctorCheck = {
  id: "vpcd-listening",
  title: "vpcd listening",
  required: true,
  run: checkVpcdListening,
};

async function checkVpcdListening(env: DoctorEnvironment): Promise<CheckOutcome> {
  const [slot0, slot1] = await vpcdPorts(env);
  const sockets = await readListeningSockets(env.procDir);
  const usable = (port: number): ListeningSocket[] =>
    sockets.filter((s) => s.port === port && (isLoopbackAddress(s.address) || isWildcardAddress(s.address)));
  const onSlot0 = usable(slot0);
  const onSlot1 = usable(slot1);
  if (onSlot0.length === 0) {
    const elsewhere = sockets.filter((s) => s.port === slot0).map(endpoint);
    return {
      status: "missing",
      detail:
        elsewhere.length > 0
          ? `port ${slot0} listens only on ${elsewhere.join(", ")}, not on loopback or all interfaces`
          : `nothing listens on port ${slot0} (vpcd opens it when pcscd loads the driver)`,
      fix: `${FixCommand.startPcscd}   (or, if pcscd already runs: ${FixCommand.restartPcscd})`,
    };
  }
  const found = [...onSlot0, ...onSlot1].map(endpoint).join(", ");
  if (onSlot1.length === 0) {
    return { status: "warn", detail: `${found}; slot 1 (port ${slot1}) is not listening: only one emulated device at a time`, fix: FixCommand.restartPcscd };
  }
  return { status: "ok", detail: found };
}

function endpoint(socket: ListeningSocket): string {
  return socket.family === 6 ? `[${socket.address}]:${socket.port}` : `${socket.address}:${socket.port}`;
}
