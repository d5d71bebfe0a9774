import type { Transceiver } from "../../apdu/index.ts";
import type { ReaderPort } from "../reader-port.ts";
import { describeReadError } from "./device-read-error.ts";
import type { ActivityRun, ReaderActivity } from "./reader-activity.ts";
import type { ReaderProfile } from "./reader-profile.ts";
import type { ScreenActivityName } from "./screen-machine.ts";
import type { TerminalSettings } from "./terminal-settings.ts";

/** The activities that wait for a device on the reader's ports. */
export type PortWatcherName = Extract<ScreenActivityName, "watchStandby" | "watchCardSlot" | "watchPhoneReaders">;

/** The events a port watcher raises: a device is present on the reader's own slot, or on the general-purpose reader. */
export type PortEventType = "cardSlotDevice" | "generalPurposeDevice";

/** What the port watchers need from the reader. */
export interface PortWatcherHost {
  readonly profile: ReaderProfile;
  /** The reader's own card slot / antenna. */
  readonly cardSlot: ReaderPort;
  /** The terminal's phone set-up (its general-purpose reader). */
  readonly settings: TerminalSettings;
  /** Whether a device already lying on a port must leave before it is read (after a read, until a restart). */
  freshPlacementOnly(): boolean;
}

/** How often a watcher looks whether a device already present has been taken away. */
const REMOVAL_POLL_MS = 20;
/** Upper bound of one port wait; watchers wait again until their state ends. */
const PORT_WAIT_MS = 60_000;

/** The reader's port watching, by activity name: the top screen, the card hold, the phone hold. */
export function portWatchers(host: PortWatcherHost): Record<PortWatcherName, ReaderActivity> {
  const { profile, cardSlot, settings } = host;
  return {
    watchStandby: async (run) => {
      const fresh = host.freshPlacementOnly();
      const gp = settings.generalPurposeReader;
      const watchers = [watchPort(cardSlot, "cardSlotDevice", run, fresh)];
      if (!profile.readsPhonesItself && gp !== undefined) watchers.push(watchPort(gp, "generalPurposeDevice", run, fresh));
      await Promise.all(watchers);
    },
    watchCardSlot: (run) => watchPort(cardSlot, "cardSlotDevice", run, host.freshPlacementOnly()),
    watchPhoneReaders: async (run) => {
      if (profile.readsPhonesItself) {
        await watchPort(cardSlot, "cardSlotDevice", run, false);
        return;
      }
      const gp = settings.generalPurposeReader;
      const watchers = [watchPort(cardSlot, "cardSlotDevice", run, true)];
      if (gp !== undefined) watchers.push(watchPort(gp, "generalPurposeDevice", run, false));
      await Promise.all(watchers);
    },
  };
}

/**
 * Waits for a device on `port` and settles `run` with `type` and its link, until the state is left. With `fresh`, a
 * device already present must first be taken away (the same card lying in the slot is not read twice); a port that
 * counts {@link ReaderPort.presentations} also lets a device taken away and placed again between two looks through.
 * A failed wait is noted as the reader's problem and retried after a pause.
 */
export async function watchPort(port: ReaderPort, type: PortEventType, run: ActivityRun, fresh: boolean): Promise<void> {
  const { signal } = run;
  if (fresh) {
    const placed = port.presentations;
    while (port.isPresent() && !signal.aborted && (placed === undefined || port.presentations === placed)) await pause(REMOVAL_POLL_MS, signal);
  }
  while (!signal.aborted) {
    let link: Transceiver | null;
    try {
      link = await port.waitForDevice({ timeoutMs: PORT_WAIT_MS, signal });
    } catch (error) {
      if (signal.aborted) return; // some ports reject a wait when it is aborted
      run.note(type, `${port.name}: ${describeReadError(error)}`);
      await pause(REMOVAL_POLL_MS * 10, signal);
      continue;
    }
    if (link === null) continue;
    run.settle({ event: { type, link } });
    return;
  }
}

/** Resolves after `ms` of real time, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
