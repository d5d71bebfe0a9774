import type { DoctorCheck } from "./doctor-check.ts";
import { FixCommand } from "./fix-commands.ts";
import { firstLine } from "./first-line.ts";

/**
 * The `smartcard` PC/SC binding (optional dependency, native N-API addon) loads. Loading it opens no PC/SC context.
 * Without it the hardware tier cannot talk to pcscd from the host side.
 */
export const smartcardBindingCheck: DoctorCheck = {
  id: "smartcard-binding",
  title: "smartcard binding",
  required: true,
  async run(env) {
    try {
      const binding = (await env.importModule("smartcard")) as { Context?: unknown };
      if (typeof binding.Context !== "function") throw new Error("module loaded but exports no Context class");
      return { status: "ok", detail: "smartcard (PC/SC, N-API) loads" };
    } catch (error) {
      return {
        status: "missing",
        detail: `cannot load smartcard: ${firstLine(error)}`,
        fix: `${FixCommand.buildSmartcard}   (npm 11 builds it only because package.json's allowScripts approves smartcard)`,
      };
    }
  },
};
