import type { Command } from "commander";
import { toHex } from "../../sim/apdu/hex.ts";
import { type ApduDevice } from "../../sim/apdu/index.ts";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import { type Persona, BUILT_IN_PERSONAS, findPersona } from "../../sim/personas/index.ts";
import { IPhoneToken, type PhoneToken } from "../../sim/phones/index.ts";
import { TracingDevice } from "../../sim/trace/index.ts";
import { RateLimitedLog } from "../../sim/transport/rate-limited-log.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { type AttachTrace, openAttachTrace, traceTextPath } from "../attach/attach-trace.ts";
import { keepDeviceState, type KeptDeviceState } from "../attach/attach-state.ts";
import { provisionAttachedPhone } from "../attach/attached-phone.ts";
import { listenForKeyCommands } from "../attach/key-commands.ts";
import { reinsertAfterPeerClose } from "../attach/reinsert-after-peer-close.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { DEFAULT_VPCD_ADDRESS, parseHostPort } from "../parse-host-port.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";
import { parseOutputDirectory, parseOutputFile } from "../parse-output-path.ts";
import { readCredentials, SECRET_ENVIRONMENT, type SecretFlags } from "../secrets/read-credentials.ts";
import { untilStopped } from "../stop-signal.ts";

interface AttachFlags extends SecretFlags {
  device: string;
  persona: string;
  vpcd: string;
  quickAck: boolean;
  holdMs?: string;
  biometric: string;
  model?: string;
  os?: string;
  trace?: string;
  state?: string;
}

function parsePersona(id: string): Persona {
  try {
    return findPersona(id);
  } catch (e) {
    throw new UsageError(`--persona: ${(e as Error).message}`);
  }
}

const SECRETS_HELP = `
Secrets (the auth PIN and the signing password; default test credentials 1234 / MYNA2025):
  --auth-pin and --sign-password show in \`ps\` and in shell history. Prefer one of:
    --auth-pin-file F / --sign-password-file F   F holds the secret on one line (chmod 600 F)
    --secrets-stdin                              lines auth-pin=… and sign-password=… on standard input
    ${SECRET_ENVIRONMENT.authPin} / ${SECRET_ENVIRONMENT.signPassword}   environment variables, used when nothing else gives the secret
  Give each secret one way only. Errors name where a bad secret came from, never its value.
`;

/**
 * `myna-hil attach --device card|iphone|android [--persona ID] [--vpcd HOST:PORT] [secrets] [--trace F] [--state DIR]`
 * puts one emulated device into a real pcscd through vpcd and keeps it there until SIGINT/SIGTERM. A card stays
 * inserted. A phone is in the reader's field only while held: `--hold-ms N` holds it N ms per tap (default: until the
 * end); `t` (or SIGUSR2) taps again; on an iPhone `b` (or SIGUSR1) performs the Face ID / Touch ID act, and
 * `--biometric face|touch` performs it before every tap (`none`: reads are refused, as on a phone nobody unlocked).
 * Every flag is checked before anything is attached: bad usage ends with exit 2 naming the flag.
 */
export function registerAttachCommand(program: Command, context: CliContext): void {
  program
    .command("attach")
    .description("put an emulated card or phone into a real pcscd through vpcd until Ctrl-C")
    .requiredOption("--device <kind>", "card, iphone or android")
    .option("--persona <id>", `built-in persona (${BUILT_IN_PERSONAS[0]?.id}…${BUILT_IN_PERSONAS.at(-1)?.id})`, "P0001")
    .option("--vpcd <host:port>", "where vpcd listens (slot 0 = 35963, slot 1 = 35964)", DEFAULT_VPCD_ADDRESS)
    .option("--auth-pin <pin>", "auth PIN of the card (and of the phone) (default 1234; visible in ps: see Secrets below)")
    .option("--auth-pin-file <file>", "read the auth PIN from a file (one line)")
    .option("--sign-password <password>", "signing password of the card (and of the phone) (default MYNA2025; visible in ps: see Secrets below)")
    .option("--sign-password-file <file>", "read the signing password from a file (one line)")
    .option("--secrets-stdin", "read auth-pin=… / sign-password=… lines from standard input (end with Ctrl-D)")
    .option("--hold-ms <ms>", "phones: how long each tap holds the phone in the field, in decimal ms (default: until Ctrl-C)")
    .option("--biometric <kind>", "iPhone: face, touch or none — the act performed before each tap (b / SIGUSR1 performs it any time)", "face")
    .option("--model <name>", "phones: model, e.g. \"iPhone 15\", \"Pixel 8\"")
    .option("--os <version>", "phones: OS version, e.g. 18.5 or 14")
    .option("--trace <file.pcapng>", "record every APDU the host sends (PINs redacted), written as the session goes: pcapng + .txt beside it")
    .option("--state <dir>", "keep the device's PIN counters in DIR across runs (a blocked PIN stays blocked after a restart); created if missing")
    .option("--no-quick-ack", "do not re-arm TCP_QUICKACK (measures the delayed-ACK penalty)")
    .addHelpText("after", SECRETS_HELP)
    .action(async (flags: AttachFlags) => {
      const { io } = context;
      const warn = (message: string) => io.err(`warning: ${message}\n`);
      // Every check first: nothing is attached, created or connected before the flags are known to be good.
      if (!["card", "iphone", "android"].includes(flags.device)) throw new UsageError(`--device: must be card, iphone or android, got "${flags.device}"`);
      if (!["face", "touch", "none"].includes(flags.biometric)) throw new UsageError(`--biometric: must be face, touch or none, got "${flags.biometric}"`);
      const persona = parsePersona(flags.persona);
      const { host, port } = parseHostPort(flags.vpcd, "--vpcd");
      const holdMs = flags.holdMs === undefined ? 0 : parseNumberFlag(flags.holdMs, "--hold-ms", { min: 1, max: 3_600_000 });
      const credentials = await readCredentials(flags, context, warn);
      const tracePath = flags.trace === undefined ? undefined : await parseOutputFile(flags.trace, "--trace", (p) => [traceTextPath(p)]);
      const stateDir = flags.state === undefined ? undefined : await parseOutputDirectory(flags.state, "--state");

      let device: ApduDevice;
      let phone: PhoneToken | undefined;
      let kept: KeptDeviceState | undefined;
      if (flags.device === "card") {
        const card = await CardRegistry.shared().card(persona, credentials);
        device = card;
        if (stateDir) kept = await keepDeviceState(stateDir, { kind: "card", persona: persona.id, counters: card.pins, authPublicKey: card.authCertificate.publicKey }, warn);
      } else {
        phone = await provisionAttachedPhone({ kind: flags.device as "iphone" | "android", persona, credentials, ...(flags.model ? { model: flags.model } : {}), ...(flags.os ? { os: flags.os } : {}) });
        device = phone;
        const pins = phone.pins;
        const key = phone.certificates?.auth.publicKey;
        if (stateDir && pins && key) kept = await keepDeviceState(stateDir, { kind: flags.device, persona: persona.id, counters: { auth: pins.auth, sign: pins.sign }, authPublicKey: key }, warn);
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

      const recording: AttachTrace | undefined = tracePath === undefined ? undefined : openAttachTrace(tracePath);
      try {
        if (phone) tap();
        const withState = kept ? kept.wrap(device) : device;
        const served: ApduDevice = recording ? new TracingDevice(withState, recording.trace) : withState;
        await serve({ context, device, phone, served, host, port, quickAck: flags.quickAck, tap, biometric, persona, kept, stdinUsed: flags.secretsStdin === true });
      } finally {
        if (recording && tracePath) {
          const written = recording.close();
          io.err(`trace: ${written.entries} entries written to ${tracePath} (and ${recording.textPath})${written.error ? `; writing stopped early: ${written.error.message}` : ""}\n`);
        }
      }
    });
}

/** Connects the served device to vpcd and keeps it there until stopped. */
async function serve(s: {
  context: CliContext;
  device: ApduDevice;
  phone: PhoneToken | undefined;
  served: ApduDevice;
  host: string;
  port: number;
  quickAck: boolean;
  tap: () => void;
  biometric: () => void;
  persona: Persona;
  kept: KeptDeviceState | undefined;
  stdinUsed: boolean;
}): Promise<void> {
  const { io } = s.context;
  const { phone, host, port } = s;
  let link: VpcdCardLink;
  try {
    link = await VpcdCardLink.connect(s.served, { host, port, quickAck: s.quickAck });
  } catch (e) {
    throw new VerdictFailure(`cannot reach vpcd at ${host}:${port}: ${(e as Error).message} — run \`myna-hil doctor\``);
  }
  // A peer can cause one error per frame: the first few per 10 s, then a count.
  const vpcdLog = new RateLimitedLog((line) => io.err(`  vpcd: ${line}\n`), { what: "vpcd errors" });
  link.on("error", (e) => vpcdLog.log(e.message));
  // A phone's presence in pcscd follows its field (the last change wins in the link, awaited or not).
  const unfollow = phone?.onFieldChange((inField) => {
    void (inField ? link.insert() : link.remove()).catch((e: unknown) => vpcdLog.log((e as Error).message));
  });
  if (phone && !phone.isInField) await link.remove();

  io.err(
    `attached ${s.device.description} (${s.persona.name}, certificate ${s.persona.certificateStatus}) to vpcd ${host}:${port}\n` +
      `  ATR ${toHex(s.device.atr, " ")}  TCP_QUICKACK ${link.quickAck ? "on" : "off"}\n` +
      (s.kept ? `  state: ${s.kept.path} (${s.kept.restored ? "restored" : "new"}; tries left ${Object.entries(s.kept.pins).map(([k, v]) => `${k} ${v}`).join(", ")})\n` : "") +
      (phone ? `  keys: t = tap again${phone instanceof IPhoneToken ? ", b = biometric act" : ""}, q = quit (signals: SIGUSR2 tap, SIGUSR1 biometric)\n` : "") +
      "  press Ctrl-C to remove it\n",
  );

  let stopping = false;
  let reinsertions = 0;
  let gaveUp = false;
  const stop = new AbortController();
  const unwatch = reinsertAfterPeerClose(link, {
    attempts: 12,
    isStopping: () => stopping,
    wantsIn: () => !phone || phone.isInField,
    onReinserted: (attempt) => {
      reinsertions++;
      io.err(`vpcd closed the link; re-inserted (attempt ${attempt})\n`);
    },
    onGaveUp: () => {
      gaveUp = true;
      stop.abort();
    },
  });
  // Standard input already read for secrets is not a keyboard any more.
  const stopKeys = phone && !s.stdinUsed ? listenForKeyCommands({ tap: s.tap, biometric: () => s.biometric(), quit: () => stop.abort() }) : undefined;
  let why: string;
  try {
    why = await untilStopped(s.context.signal ? AbortSignal.any([s.context.signal, stop.signal]) : stop.signal);
  } finally {
    stopping = true;
    stopKeys?.();
    unfollow?.();
    unwatch();
    await link.close();
    vpcdLog.flush();
  }
  io.err(`removed ${s.device.description} (${gaveUp ? "vpcd gone" : why}); ${link.stats.apdus} APDUs served${reinsertions ? `; re-inserted ${reinsertions} time(s)` : ""}\n`);
  if (gaveUp) throw new VerdictFailure(`vpcd at ${host}:${port} closed the link and did not come back — run \`myna-hil doctor\``);
}
