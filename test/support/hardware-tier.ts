/**
 * The hardware tier: suites that need a real pcscd with vsmartcard's vpcd driver and the native `smartcard` binding.
 * {@link hardwareStatus} finds out what is there without disturbing it (no TCP connect to vpcd: to vpcd a connection
 * is a card being inserted), and {@link describeHardware} runs, skips or fails a suite accordingly:
 * - everything present: the suite runs;
 * - something missing and `MYNA_HIL_REQUIRE_HARDWARE=1` or `CI=true`: one failing test names what is missing and the fix;
 * - otherwise: one skipped test says the same, and a console line explains it.
 */
import { createRequire } from "node:module";
import { describe, test } from "vitest";
import { systemDoctorEnvironment } from "../../cli/doctor/doctor-environment.ts";
import { findProcesses } from "../../cli/doctor/find-processes.ts";
import { firstLine } from "../../cli/doctor/first-line.ts";
import { readTcpSockets, type TcpSocket, TcpState } from "../../cli/doctor/proc-net-tcp.ts";
import { vpcdFriendlyName } from "../../cli/doctor/vpcd-friendly-name.ts";
import { DEFAULT_VPCD_PORT } from "../../cli/doctor/vpcd-reader-entries.ts";

/** vpcd's ports: slot 0 and slot 1 (the suites connect to these, whatever reader.conf.d says). */
export const VPCD_PORTS = [DEFAULT_VPCD_PORT, DEFAULT_VPCD_PORT + 1] as const;

/** What the hardware tier found. */
export interface HardwareStatus {
  /** Everything needed is present. */
  readonly ready: boolean;
  /** The `smartcard` binding loads. */
  readonly binding: boolean;
  /** A pcscd process is running. */
  readonly pcscd: boolean;
  /** vpcd listens on 35963 (slot 0). */
  readonly vpcd: boolean;
  /** Readers pcscd lists (empty when it cannot be asked). */
  readonly readers: readonly string[];
  /** The PC/SC names of vpcd's two slots, when pcscd lists them. */
  readonly vpcdReaders: readonly [string | undefined, string | undefined];
  /** Slots that no card side is connected to now (another test run or `myna-hil attach` may hold one). */
  readonly freeSlots: readonly (0 | 1)[];
  /** What is missing, each with its fix. */
  readonly missing: readonly string[];
}

interface BindingLike {
  Context: new () => { listReaders(): { name: string }[]; close(): void };
}

function loadBinding(): { binding?: BindingLike; error?: string } {
  try {
    const require = createRequire(import.meta.url);
    return { binding: require("smartcard") as BindingLike };
  } catch (error) {
    return { error: firstLine(error) };
  }
}

/** Whether one of `sockets` listens on `port`, and how many connections to `port` are established. */
function tcpPort(sockets: readonly TcpSocket[], port: number): { listening: boolean; established: number } {
  const onPort = sockets.filter((s) => s.port === port);
  return { listening: onPort.some((s) => s.state === TcpState.listen), established: onPort.filter((s) => s.state === TcpState.established).length };
}

let cached: Promise<HardwareStatus> | undefined;

/**
 * Looks for pcscd, vpcd and the binding (once per test file; `refresh` looks again), as `myna-hil doctor` does: a
 * `pcscd` process in /proc, vpcd's sockets in /proc/net/tcp{,6}, the vpcd entry in /etc/reader.conf.d.
 */
export function hardwareStatus(refresh = false): Promise<HardwareStatus> {
  if (cached === undefined || refresh) cached = lookForHardware();
  return cached;
}

async function lookForHardware(): Promise<HardwareStatus> {
  const env = systemDoctorEnvironment();
  const missing: string[] = [];
  const { binding, error: bindingError } = loadBinding();
  if (!binding) {
    missing.push(
      `the PC/SC binding \`smartcard\` does not load (${bindingError}) — install libpcsclite-dev, approve its install script (\`npm install-scripts approve smartcard\`) and run \`npm ci\``,
    );
  }
  const pcscd = (await findProcesses(env.procDir, "pcscd")).length > 0;
  if (!pcscd) missing.push("pcscd not running — start it with `pcscd -f &` (as root, no systemd needed)");
  const sockets = await readTcpSockets(env.procDir);
  const slots = VPCD_PORTS.map((port) => tcpPort(sockets, port));
  const vpcd = slots[0]?.listening === true;
  if (pcscd && !vpcd) {
    missing.push(`vpcd is not listening on 127.0.0.1:${VPCD_PORTS[0]} — install vsmartcard-vpcd (\`apt-get install vsmartcard-vpcd\`) and restart pcscd, in this network namespace`);
  }
  let readers: string[] = [];
  if (binding && pcscd) {
    try {
      const context = new binding.Context();
      try {
        readers = context.listReaders().map((r) => r.name);
      } finally {
        context.close();
      }
    } catch (error) {
      missing.push(`pcscd does not answer (${error instanceof Error ? error.message : String(error)}) — restart it with \`pcscd -f &\``);
    }
  }
  const friendly = await vpcdFriendlyName(env);
  const slotName = (slot: number): string | undefined => readers.find((r) => r === `${friendly} 00 0${slot}`);
  const vpcdReaders: [string | undefined, string | undefined] = [slotName(0), slotName(1)];
  if (binding && pcscd && vpcd && readers.length > 0 && !vpcdReaders[0]) {
    missing.push(`pcscd lists no vpcd reader "${friendly} 00 00" (readers: ${readers.join(", ")}) — check /etc/reader.conf.d/vpcd`);
  }
  const freeSlots = ([0, 1] as const).filter((s) => slots[s]?.listening === true && slots[s]?.established === 0 && vpcdReaders[s] !== undefined);
  if (missing.length === 0 && freeSlots.length === 0) {
    missing.push("both vpcd slots hold a card already (another test run or `myna-hil attach`?) — wait for it to finish or stop it");
  }
  return { ready: missing.length === 0, binding: binding !== undefined, pcscd, vpcd, readers, vpcdReaders, freeSlots, missing };
}

/** What this test file found: looked for once, when it first imports this module (suites are declared synchronously). */
const status = await hardwareStatus();

/** True when a missing hardware tier must fail the run: `MYNA_HIL_REQUIRE_HARDWARE=1` or `CI=true`. */
export function hardwareRequired(): boolean {
  return process.env.MYNA_HIL_REQUIRE_HARDWARE === "1" || process.env.CI === "true";
}

/**
 * A `describe` for hardware-tier suites: runs `fn` with the status when pcscd, vpcd and the binding are present;
 * otherwise fails (when required) or skips, in both cases with a test named after what is missing and the fix.
 */
export function describeHardware(name: string, fn: (status: HardwareStatus) => void): void {
  if (status.ready) {
    describe(name, () => fn(status));
    return;
  }
  const summary = `hardware tier: ${status.missing.join("; ")}`;
  if (hardwareRequired()) {
    describe(name, () => {
      test(summary, () => {
        throw new Error(`${summary}\n(required because ${process.env.MYNA_HIL_REQUIRE_HARDWARE === "1" ? "MYNA_HIL_REQUIRE_HARDWARE=1" : "CI=true"})`);
      });
    });
    return;
  }
  console.warn(`[${name}] skipped — ${summary}. Set MYNA_HIL_REQUIRE_HARDWARE=1 to make this a failure.`);
  describe(name, () => {
    test.skip(summary, () => undefined);
  });
}
