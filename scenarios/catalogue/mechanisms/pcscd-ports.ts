import { setTimeout as sleep } from "node:timers/promises";
import { GeneralPurposeReaderSlot, type GeneralPurposeReader, PcscReaderPort } from "../../../sim/readers/general-purpose/index.ts";
import { PcscContext } from "../../../sim/transport/pcsc-context.ts";
import type { CarrierPorts } from "./carrier-ports.ts";

/** pcscd, the binding or vpcd's slots are not there or not free for `--carrier pcscd`: nothing was played. */
export class CarrierSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CarrierSetupError";
  }
}

/** The two ports of a scenario through the real pcscd. */
export type PcscdPorts = CarrierPorts & { antenna: PcscReaderPort; gp: PcscReaderPort };

/** Settled after this long on one screen once pcscd agrees with the fields (the reader's port polls every 20 ms). */
const PCSCD_QUIET_MS = 120;
/** How long a vpcd slot may still show a card (the previous scenario's, until pcscd's next poll) before it counts as busy. */
const BUSY_GRACE_MS = 2000;
/** How long {@link PcscdPorts.sync} waits at most for pcscd to see a device come or go (its presence poll: ~400 ms). */
const SYNC_LIMIT_MS = 5000;

/**
 * vpcd's two readers as pcscd lists them: the pair `<name> 00 00` / `<name> 00 01` (slot 0, slot 1) sharing one name
 * (`FRIENDLYNAME` in /etc/reader.conf.d, `Virtual PCD` by default; docs/domain/pcsc-vpcd.md).
 */
export function vpcdReaderPair(readers: readonly string[]): [string, string] | undefined {
  for (const first of readers) {
    if (!first.endsWith(" 00 00")) continue;
    const second = `${first.slice(0, -" 00 00".length)} 00 01`;
    if (readers.includes(second)) return [first, second];
  }
  return undefined;
}

/**
 * The face-auth reader's card antenna and the general-purpose reader, each mirrored into one vpcd slot
 * ({@link GeneralPurposeReaderSlot}: what is in the field is inserted into pcscd) and read back through pcscd
 * ({@link PcscReaderPort}): every APDU of the scenario crosses the real pcscd. Takes both vpcd slots; rejects with a
 * clear message when pcscd, the binding or vpcd's readers are missing (`myna-hil doctor` says how to fix it).
 */
export async function pcscdPorts(antenna: GeneralPurposeReader, gp: GeneralPurposeReader): Promise<PcscdPorts> {
  let readers: string[];
  try {
    readers = await PcscContext.listReaders();
  } catch (error) {
    throw new CarrierSetupError(`--carrier pcscd: pcscd cannot be asked for its readers (${(error as Error).message}); run \`myna-hil doctor\``, { cause: error });
  }
  const pair = vpcdReaderPair(readers);
  if (pair === undefined) throw new CarrierSetupError(`--carrier pcscd: pcscd lists no vpcd reader pair ("… 00 00" and "… 00 01"; it lists ${readers.length === 0 ? "no reader" : readers.map((r) => `"${r}"`).join(", ")}); run \`myna-hil doctor\``);
  // Both slots must be free: a card already in one (another run, `myna-hil attach`) would be read instead of ours. The
  // previous scenario's device may still show until pcscd's next presence poll, so a slot must stay busy a while.
  const probe = await PcscContext.open();
  try {
    const busyNow = (): string[] => probe.readers().filter((r) => pair.includes(r.name) && r.present).map((r) => `"${r.name}"`);
    const deadline = performance.now() + BUSY_GRACE_MS;
    let busy = busyNow();
    while (busy.length > 0 && performance.now() < deadline) {
      await sleep(50);
      busy = busyNow();
    }
    if (busy.length > 0) throw new CarrierSetupError(`--carrier pcscd takes both vpcd slots, but a card is already in ${busy.join(" and ")} (another run or \`myna-hil attach\`?); stop it and run again`);
  } finally {
    probe.close();
  }
  const opened: { close(): Promise<void> }[] = [];
  const closeAll = async (): Promise<void> => {
    // Ports first (their PC/SC handles), then the slots take the devices out of pcscd.
    for (const item of opened.reverse()) await item.close().catch(() => undefined);
  };
  try {
    const antennaSlot = await GeneralPurposeReaderSlot.open(antenna, { slot: 0 }).catch((error: unknown) => {
      throw new CarrierSetupError(`--carrier pcscd: vpcd slot 0: ${(error as Error).message} (\`myna-hil doctor\`)`, { cause: error });
    });
    opened.push(antennaSlot);
    const gpSlot = await GeneralPurposeReaderSlot.open(gp, { slot: 1 }).catch((error: unknown) => {
      throw new CarrierSetupError(`--carrier pcscd: vpcd slot 1: ${(error as Error).message} (\`myna-hil doctor\`)`, { cause: error });
    });
    opened.push(gpSlot);
    const antennaPort = await PcscReaderPort.open(pair[0], { model: antenna.name });
    opened.push(antennaPort);
    const gpPort = await PcscReaderPort.open(pair[1], { model: gp.name });
    opened.push(gpPort);
    // pcscd sees a vpcd card come or go at its next presence poll; a slot keeps a removed device out for 800 ms.
    const sync = async (): Promise<void> => {
      const deadline = performance.now() + SYNC_LIMIT_MS;
      for (;;) {
        await Promise.all([antennaSlot.settled(), gpSlot.settled()].map((p) => p.catch(() => undefined)));
        if (antennaPort.isPresent() === antennaSlot.inserted && gpPort.isPresent() === gpSlot.inserted) return;
        if (performance.now() > deadline) return;
        await sleep(10);
      }
    };
    // A device of the previous run may still show in pcscd until its next poll: start from what the fields hold.
    await sync();
    return { antenna: antennaPort, gp: gpPort, quietMs: PCSCD_QUIET_MS, sync, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
