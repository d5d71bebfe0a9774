import type { ScreenEventType, ScreenStateId } from "./screen-machine.ts";

/** Why the last read stopped, for reports (never shown with a PIN). */
export interface ReadProblem {
  /** The state the reader was in when it happened. */
  state: ScreenStateId;
  /** The event the problem came with (or the port event a watcher was waiting for). */
  event: ScreenEventType;
  detail: string;
}
