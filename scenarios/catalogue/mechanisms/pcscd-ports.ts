import { setTimeout as sleep } from "node:timers/promises";
import { GeneralPurposeReaderSlot, type GeneralPurposeReader, PcscReaderPort } from "../../../sim/readers/general-purpose/index.ts";
import { PcscContext } from "../../../sim/transport/pcsc-context.ts";
import { vpcdReaderPair } from "../../../sim/transport/vpcd-reader-names.ts";
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
/** How long {@link PcscdPorts.sync} waits at most for pcscd to see a device come or go (its presence poll: ~400 ms). */
const SYNC_LIMIT_MS = 5000;
/** How long an empty slot may still show a card at the start (the previous scenario's) before it counts as taken. */
const START_LIMIT_MS = 2000;

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
    const agrees = (): boolean => antennaPort.isPresent() === antennaSlot.inserted && gpPort.isPresent() === gpSlot.inserted;
    const sync = async (limitMs: number): Promise<boolean> => {
      const deadline = performance.now() + limitMs;
      for (;;) {
        await Promise.all([antennaSlot.settled(), gpSlot.settled()].map((p) => p.catch(() => undefined)));
        if (agrees()) return true;
        if (performance.now() > deadline) return false;
        await sleep(10);
      }
    };
    // The fields are empty now. The previous scenario's device may still show until pcscd's next poll; a card that
    // stays is someone else's (another run, `myna-hil attach`) and would be read instead of ours.
    if (!(await sync(START_LIMIT_MS))) {
      const busy = [antennaPort, gpPort].filter((p) => p.isPresent()).map((p) => `"${p.name}"`);
      throw new CarrierSetupError(`--carrier pcscd takes both vpcd slots, but a card is already in ${busy.join(" and ") || "one of them"} (another run or \`myna-hil attach\`?); stop it and run again`);
    }
    return { antenna: antennaPort, gp: gpPort, quietMs: PCSCD_QUIET_MS, sync: async () => void (await sync(SYNC_LIMIT_MS)), close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
