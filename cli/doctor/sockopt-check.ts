import type { DoctorCheck } from "./doctor-check.ts";
import { FixCommand } from "./fix-commands.ts";
import { firstLine } from "./first-line.ts";

/**
 * The `sockopt` addon (optional) loads, so the vpcd link can re-arm TCP_QUICKACK after every read
 * (docs/domain/pcsc-vpcd.md#latency). Without it everything works, only slower.
 */
export const sockoptCheck: DoctorCheck = {
  id: "sockopt",
  title: "sockopt (TCP_QUICKACK)",
  required: false,
  async run(env) {
    try {
      const sockopt = (await env.importModule("sockopt")) as { setsockopt?: unknown; default?: { setsockopt?: unknown } };
      if (typeof (sockopt.setsockopt ?? sockopt.default?.setsockopt) !== "function") throw new Error("module loaded but exports no setsockopt");
      return { status: "ok", detail: "loads: the vpcd link re-arms TCP_QUICKACK (~0.4 ms per APDU)" };
    } catch (error) {
      return {
        status: "warn",
        detail: `cannot load sockopt (${firstLine(error)}): the vpcd link runs without TCP_QUICKACK, ~10-40 ms per APDU instead of ~0.4 ms`,
        fix: FixCommand.buildSockopt,
      };
    }
  },
};
