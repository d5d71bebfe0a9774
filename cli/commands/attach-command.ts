import type { Command } from "commander";
import { toHex } from "../../sim/apdu/hex.ts";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import { BUILT_IN_PERSONAS, findPersona } from "../../sim/cards/personas.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { parseCredentials } from "../parse-credentials.ts";
import { DEFAULT_VPCD_ADDRESS, parseHostPort } from "../parse-host-port.ts";

interface AttachFlags {
  device: string;
  persona: string;
  vpcd: string;
  authPin?: string;
  signPassword?: string;
  quickAck: boolean;
}

/** Resolves when SIGINT or SIGTERM arrives (or `signal` aborts). */
function untilStopped(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(why);
    };
    const onInt = () => done("SIGINT");
    const onTerm = () => done("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    signal?.addEventListener("abort", () => done("abort"), { once: true });
  });
}

/**
 * `myna-hil attach --device card [--persona ID] [--vpcd HOST:PORT] [--auth-pin P] [--sign-password S]`:
 * puts one emulated device into a real pcscd through vpcd and keeps it there until SIGINT/SIGTERM.
 * Any PC/SC client then sees it: our terminal, opensc-tool, pcsc_scan, a vendor's software.
 */
export function registerAttachCommand(program: Command, context: CliContext): void {
  program
    .command("attach")
    .description("put an emulated device into a real pcscd through vpcd until Ctrl-C")
    .requiredOption("--device <kind>", "card (iphone and android come with the phone tokens)")
    .option("--persona <id>", `built-in persona (${BUILT_IN_PERSONAS[0]?.id}…${BUILT_IN_PERSONAS.at(-1)?.id})`, "P0001")
    .option("--vpcd <host:port>", "where vpcd listens (slot 0 = 35963, slot 1 = 35964)", DEFAULT_VPCD_ADDRESS)
    .option("--auth-pin <pin>", "auth PIN of the issued card (default 1234)")
    .option("--sign-password <password>", "signing password of the issued card (default MYNA2025)")
    .option("--no-quick-ack", "do not re-arm TCP_QUICKACK (measures the delayed-ACK penalty)")
    .action(async (flags: AttachFlags) => {
      if (flags.device !== "card") {
        if (flags.device === "iphone" || flags.device === "android") {
          throw new UsageError(`--device: "${flags.device}" is not available yet: phone tokens are not built in this version; use --device card`);
        }
        throw new UsageError(`--device: must be card, iphone or android, got "${flags.device}"`);
      }
      let persona;
      try {
        persona = findPersona(flags.persona);
      } catch (e) {
        throw new UsageError(`--persona: ${(e as Error).message}`);
      }
      const { host, port } = parseHostPort(flags.vpcd, "--vpcd");
      const credentials = parseCredentials(flags);
      const card = await CardRegistry.shared().card(persona, credentials);
      let link: VpcdCardLink;
      try {
        link = await VpcdCardLink.connect(card, { host, port, quickAck: flags.quickAck });
      } catch (e) {
        throw new VerdictFailure(`cannot reach vpcd at ${host}:${port}: ${(e as Error).message} — run \`myna-hil doctor\``);
      }
      context.io.err(
        `attached ${card.description} (${persona.name}, certificate ${persona.certificateStatus}) to vpcd ${host}:${port}\n` +
          `  ATR ${toHex(card.atr, " ")}  TCP_QUICKACK ${link.quickAck ? "on" : "off"}\n` +
          "  press Ctrl-C to remove the card\n",
      );
      // vpcd closes the link when pcscd restarts: put the card back, a bounded number of times.
      let stopping = false;
      let reinsertions = 0;
      let gaveUp = false;
      const giveUp = new AbortController();
      link.on("closed", (reason) => {
        if (reason !== "peer" || stopping) return;
        void (async () => {
          for (let attempt = 1; attempt <= 12 && !stopping; attempt++) {
            try {
              await link.insert();
              reinsertions++;
              context.io.err(`vpcd closed the link; card re-inserted (attempt ${attempt})\n`);
              return;
            } catch {
              // insert() already waited its own bounded time; try again.
            }
          }
          gaveUp = true;
          giveUp.abort();
        })();
      });
      const why = await untilStopped(context.signal ? AbortSignal.any([context.signal, giveUp.signal]) : giveUp.signal);
      stopping = true;
      await link.close();
      context.io.err(`removed ${card.description} (${gaveUp ? "vpcd gone" : why}); ${link.stats.apdus} APDUs served${reinsertions ? `; re-inserted ${reinsertions} time(s)` : ""}\n`);
      if (gaveUp) throw new VerdictFailure(`vpcd at ${host}:${port} closed the link and did not come back — run \`myna-hil doctor\``);
    });
}
