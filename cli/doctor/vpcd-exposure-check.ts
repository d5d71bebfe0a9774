import type { DoctorCheck } from "./doctor-check.ts";
import { FixCommand } from "./fix-commands.ts";
import { isWildcardAddress, readListeningSockets } from "./proc-net-tcp.ts";
import { vpcdPorts } from "./vpcd-ports.ts";

/**
 * vpcd listens on all interfaces (docs/domain/pcsc-vpcd.md#network-exposure): whoever reaches the port can insert a
 * card into this pcscd.
 * A warning, never a failure: the lab's firewall may already keep the port to loopback.
 */
export const vpcdExposureCheck: DoctorCheck = {
  id: "vpcd-exposure",
  title: "vpcd exposure",
  required: false,
  async run(env) {
    const ports = await vpcdPorts(env);
    const exposed = (await readListeningSockets(env.procDir))
      .filter((s) => ports.includes(s.port) && isWildcardAddress(s.address))
      .sort((a, b) => a.port - b.port || a.family - b.family);
    if (exposed.length === 0) return { status: "ok", detail: `ports ${ports.join("/")} are not open on all interfaces` };
    const where = [...new Set(exposed.map((s) => (s.family === 6 ? `[::]:${s.port}` : `0.0.0.0:${s.port}`)))].join(", ");
    return {
      status: "warn",
      detail: `vpcd listens on all interfaces (${where}): anyone who reaches it can insert a card; keep it to loopback with a firewall`,
      fix: FixCommand.firewallVpcd(ports[0]),
    };
  },
};
