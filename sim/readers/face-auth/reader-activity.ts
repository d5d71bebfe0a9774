import { describeReadError } from "./device-read-error.ts";
import type { ReadProblem } from "./read-problem.ts";
import type { ReaderEvent } from "./reader-event.ts";
import type { ReaderSession, SessionUpdate } from "./reader-session.ts";
import type { ScreenEventType, ScreenStateId } from "./screen-machine.ts";
import type { StateVisit } from "./screen-interpreter.ts";

/** How a piece of the reader's work ends: the event it raises, why (for reports), and what it learnt for the session. */
export interface ActivitySettlement {
  readonly event: ReaderEvent;
  /** Why the read stops or turns aside (recorded as the reader's last problem); absent on success. */
  readonly detail?: string;
  /** What the session learns; applied only together with the event. */
  readonly update?: SessionUpdate;
}

/**
 * One run of an activity, for one visit of its state. The session is read-only here: an activity changes the reader
 * only through {@link settle} and {@link note}, which drop whatever arrives after the visit ended — so a cancelled
 * patient's late read, signature or photo never lands on the next patient's session.
 */
export interface ActivityRun {
  /** The state the activity works for. */
  readonly state: ScreenStateId;
  /** The session as it was when the state was entered. */
  readonly session: Readonly<ReaderSession>;
  /** Aborts when the state is left. */
  readonly signal: AbortSignal;
  /** Whether the state is still the visit this run works for (check it before more device work after an `await`). */
  readonly current: boolean;
  /** Hands over the typed PIN and drops it from the session (for the one VERIFY that uses it). */
  takePin(): string | undefined;
  /** The one way out: applies the update, records the detail and raises the event — if the visit is still current. */
  settle(settlement: ActivitySettlement): void;
  /** Records a problem that does not end the activity (a port that failed a wait) — if the visit is still current. */
  note(event: ScreenEventType, detail: string): void;
}

/** Work the reader does while a state is shown (`ScreenActivityName`); it ends by settling its run. */
export type ReaderActivity = (run: ActivityRun) => Promise<void>;

/** Where a settled run goes: the reader behind the screen. */
export interface ActivityTarget {
  /** Records why the read stopped short. */
  setProblem(problem: ReadProblem): void;
  /** Raises an event from the reader's own work. */
  send(event: ReaderEvent): void;
}

/**
 * Starts `activity` for `visit` on `session`. Every result goes through one guarded path: a settlement, a note or a
 * thrown error (raised as `systemFailed`) is dropped when the visit has ended, and a device link it carries is closed.
 */
export function startActivity(activity: ReaderActivity, visit: StateVisit, session: ReaderSession, target: ActivityTarget): void {
  const settle = (settlement: ActivitySettlement): void => {
    const { event, detail, update } = settlement;
    if (!visit.isCurrent()) {
      if ("link" in event) void event.link.close().catch(() => undefined);
      return;
    }
    if (update !== undefined) Object.assign(session, update);
    if (detail !== undefined) target.setProblem({ state: visit.state, event: event.type, detail });
    target.send(event);
  };
  const run: ActivityRun = {
    state: visit.state,
    session,
    signal: visit.signal,
    get current() {
      return visit.isCurrent();
    },
    takePin() {
      const pin = session.pin;
      session.pin = undefined;
      return pin;
    },
    settle,
    note(event, detail) {
      if (visit.isCurrent()) target.setProblem({ state: visit.state, event, detail });
    },
  };
  activity(run).catch((error: unknown) => settle({ event: { type: "systemFailed" }, detail: describeReadError(error) }));
}
