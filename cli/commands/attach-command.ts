import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { toHex } from "../../sim/apdu/hex.ts";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import { type Persona, BUILT_IN_PERSONAS, findPersona } from "../../sim/personas/index.ts";
import { type ApduDevice } from "../../sim/apdu/index.ts";
import { ApduTrace, TracingDevice } from "../../sim/trace/index.ts";
import { IPhoneToken, type PhoneToken } from "../../sim/phones/index.ts";
import { traceToPcapng, WIRESHARK_HINT } from "../../sim/trace/index.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { provisionAttachedPhone } from "../attach/attached-phone.ts";
import { listenForKeyCommands } from "../attach/key-commands.ts";
import { untilStopped } from "../stop-signal.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { parseCredentials } from "../parse-credentials.ts";
import { DEFAULT_VPCD_ADDRESS, parseHostPort } from "../parse-host-port.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";

interface AttachFlags {
  device: string;
  persona: string;
  vpcd: string;
  authPin?: string;
  signPassword?: string;
  quickAck: boolean;
  holdMs?: string;
  biometric: string;
  model?: string;
  os?: string;
  trace?: string;
}

function parsePersona(id: string): Persona {
  try {
    return findPersona(id);
  } catch (e) {
    throw new UsageError(`--persona: ${(e as Error).message}`);
  }
}

/**
 * `myna-hil attach --device card|iphone|android [--persona ID] [--vpcd HOST:PORT] [--auth-pin P] [--sign-password S]`
 * puts one emulated device into a real pcscd through vpcd and keeps it there until SIGINT/SIGTERM. A card stays
 * inserted. A phone is in the reader's field only while held: `--hold-ms N` holds it N ms per tap (default: until the
 * end); `t` (or SIGUSR2) taps again; on an iPhone `b` (or SIGUSR1) performs the Face ID / Touch ID act, and
 * `--biometric face|touch` performs it before every tap (`none`: reads are refused, as on a phone nobody unlocked).
 */
export function registerAttachCommand(program: Command, context: CliContext): void {
  program
    .command("attach")
    .description("put an emulated card or phone into a real pcscd through vpcd until Ctrl-C")
    .requiredOption("--device <kind>", "card, iphone or android")
    .option("--persona <id>", `built-in persona (${BUILT_IN_PERSONAS[0]?.id}…${BUILT_IN_PERSONAS.at(-1)?.id})`, "P0001")
    .option("--vpcd <host:port>", "where vpcd listens (slot 0 = 35963, slot 1 = 35964)", DEFAULT_VPCD_ADDRESS)
    .option("--auth-pin <pin>", "auth PIN of the card (and of the phone) (default 1234)")
    .option("--sign-password <password>", "signing password of the card (and of the phone) (default MYNA2025)")
    .option("--hold-ms <ms>", "phones: how long each tap holds the phone in the field (default: until Ctrl-C)")
    .option("--biometric <kind>", "iPhone: face, touch or none — the act performed before each tap (b / SIGUSR1 performs it any time)", "face")
    .option("--model <name>", "phones: model, e.g. \"iPhone 15\", \"Pixel 8\"")
    .option("--os <version>", "phones: OS version, e.g. 18.5 or 14")
    .option("--trace <file.pcapng>", "record every APDU the host sends (PINs redacted) and write it on exit: pcapng + .txt")
    .option("--no-quick-ack", "do not re-arm TCP_QUICKACK (measures the delayed-ACK penalty)")
    .action(async (flags: AttachFlags) => {
      if (!["card", "iphone", "android"].includes(flags.device)) throw new UsageError(`--device: must be card, iphone or android, got "${flags.device}"`);
      if (!["face", "touch", "none"].includes(flags.biometric)) throw new UsageError(`--biometric: must be face, touch or none, got "${flags.biometric}"`);
      const persona = parsePersona(flags.persona);
      const { host, port } = parseHostPort(flags.vpcd, "--vpcd");
      const credentials = parseCredentials(flags);
      const holdMs = flags.holdMs === undefined ? 0 : parseNumberFlag(flags.holdMs, "--hold-ms", { min: 1, max: 3_600_000 });
      const { io } = context;

      let device: ApduDevice;
      let phone: PhoneToken | undefined;
      if (flags.device === "card") {
        device = await CardRegistry.shared().card(persona, credentials);
      } else {
        phone = await provisionAttachedPhone({ kind: flags.device as "iphone" | "android", persona, credentials, ...(flags.model ? { model: flags.model } : {}), ...(flags.os ? { os: flags.os } : {}) });
        device = phone;
      }

      // The patient's Face ID / Touch ID act on the iPhone: before each tap (--biometric face|touch), or on demand
      // (b / SIGUSR1) with the sensor the model has.
      const biometric = (kind?: "face" | "touch") => {
        if (!(phone instanceof IPhoneToken)) return;
        const sensor = kind ?? (phone.registeredBiometrics.includes("face") ? "face" : "touch");
        const r = phone.performBiometric(sensor);
        io.err(r.ok ? `  ${sensor === "face" ? "Face ID" : "Touch ID"}: authorised until ${r.expiresAt.toISOString()}\n` : `  biometric act refused: ${r.message}\n`);
      };
      const tap = () => {
        if (!phone) return;
        if (flags.biometric !== "none") biometric(flags.biometric as "face" | "touch");
        if (holdMs > 0) phone.hold(holdMs);
        else phone.enterField();
        io.err(`  phone held in the field${holdMs > 0 ? ` for ${holdMs} ms` : ""}\n`);
      };

      if (phone) tap();
      const trace = flags.trace ? new ApduTrace({ limit: 1_000_000 }) : undefined;
      const served: ApduDevice = trace ? new TracingDevice(device, trace) : device;
      let link: VpcdCardLink;
      try {
        link = await VpcdCardLink.connect(served, { host, port, quickAck: flags.quickAck });
      } catch (e) {
        throw new VerdictFailure(`cannot reach vpcd at ${host}:${port}: ${(e as Error).message} — run \`myna-hil doctor\``);
      }
      // A phone's presence in pcscd follows its field: leaving it removes the card from the vpcd slot.
      const unfollow = phone?.onFieldChange((inField) => {
        void (inField ? link.insert() : link.remove()).catch((e: unknown) => io.err(`  vpcd: ${(e as Error).message}\n`));
      });
      if (phone && !phone.isInField) await link.remove();

      io.err(
        `attached ${device.description} (${persona.name}, certificate ${persona.certificateStatus}) to vpcd ${host}:${port}\n` +
          `  ATR ${toHex(device.atr, " ")}  TCP_QUICKACK ${link.quickAck ? "on" : "off"}\n` +
          (phone ? `  keys: t = tap again${phone instanceof IPhoneToken ? ", b = biometric act" : ""}, q = quit (signals: SIGUSR2 tap, SIGUSR1 biometric)\n` : "") +
          "  press Ctrl-C to remove it\n",
      );

      // vpcd closes the link when pcscd restarts: put the device back, a bounded number of times.
      let stopping = false;
      let reinsertions = 0;
      let gaveUp = false;
      const stop = new AbortController();
      link.on("closed", (reason) => {
        if (reason !== "peer" || stopping || (phone && !phone.isInField)) return;
        void (async () => {
          for (let attempt = 1; attempt <= 12 && !stopping; attempt++) {
            try {
              await link.insert();
              reinsertions++;
              io.err(`vpcd closed the link; re-inserted (attempt ${attempt})\n`);
              return;
            } catch {
              // insert() already waited its own bounded time; try again.
            }
          }
          gaveUp = true;
          stop.abort();
        })();
      });
      const stopKeys = phone ? listenForKeyCommands({ tap, biometric: () => biometric(), quit: () => stop.abort() }) : undefined;
      const why = await untilStopped(context.signal ? AbortSignal.any([context.signal, stop.signal]) : stop.signal);
      stopping = true;
      stopKeys?.();
      unfollow?.();
      await link.close();
      if (trace && flags.trace) {
        await writeFile(flags.trace, traceToPcapng(trace.entries, trace.startedAt));
        await writeFile(`${flags.trace.replace(/\.pcapng$/, "")}.txt`, `# ${WIRESHARK_HINT.replace("TRACE.pcapng", basename(flags.trace))}\n${trace.toText()}`);
        io.err(`trace: ${trace.entries.length} entries written to ${flags.trace} (and .txt)\n`);
      }
      io.err(`removed ${device.description} (${gaveUp ? "vpcd gone" : why}); ${link.stats.apdus} APDUs served${reinsertions ? `; re-inserted ${reinsertions} time(s)` : ""}\n`);
      if (gaveUp) throw new VerdictFailure(`vpcd at ${host}:${port} closed the link and did not come back — run \`myna-hil doctor\``);
    });
}
