import type { ReaderClock } from "./reader-clock.ts";
import type { ReaderEvent } from "./reader-event.ts";
import type { ScreenBindings } from "./screen-bindings.ts";
import {
  SCREEN_MACHINE,
  type ScreenActivityName,
  type ScreenEventType,
  type ScreenGuardName,
  type ScreenStateId,
  type ScreenTimeoutName,
  screenState,
} from "./screen-machine.ts";

/** One step the machine took (PINs never recorded). */
export interface ScreenStep {
  at: number;
  from: ScreenStateId;
  event: ScreenEventType;
  guard?: ScreenGuardName;
  to: ScreenStateId;
}

/**
 * One stay in a state, from entering it to leaving it. Work started for a visit (its time-out, its activity) may act
 * only while {@link isCurrent}: a state left, even for itself, or a closed machine, makes every later result stale.
 */
export interface StateVisit {
  /** The state visited. */
  readonly state: ScreenStateId;
  /** Aborts when the visit ends. */
  readonly signal: AbortSignal;
  /** Whether the machine is still in this visit. */
  isCurrent(): boolean;
}

/** What a {@link ScreenInterpreter} calls out to: the reader behind the screen. */
export interface ScreenInterpreterHooks {
  /** The machine's guards and actions. */
  readonly bindings: ScreenBindings;
  /** The length of a named time-out (the reader profile's). */
  timeoutMs(name: ScreenTimeoutName): number;
  /** A transition takes `event`: its actions have run, the state is about to be left. */
  taken(event: ReaderEvent): void;
  /** No transition takes `event` (it is ignored, as a real screen ignores a press outside its buttons). */
  ignored(event: ReaderEvent): void;
  /** `state` is about to be shown, before its time-out is armed and its activity started. */
  entering(state: ScreenStateId): void;
  /** Starts the activity of the state being entered, for `visit`. */
  startActivity(activity: ScreenActivityName, visit: StateVisit): void;
  /** `state` is shown now. */
  entered(state: ScreenStateId): void;
}

/**
 * Runs {@link SCREEN_MACHINE}: takes events one at a time (events raised while one is handled are queued), tries the
 * transitions of the current state in order, runs their actions, and on entering a state arms its time-out and starts
 * its activity for a new {@link StateVisit}. What guards, actions and activities do is the hooks' business.
 */
export class ScreenInterpreter {
  private readonly clock: ReaderClock;
  private readonly hooks: ScreenInterpreterHooks;
  private stateId: ScreenStateId = SCREEN_MACHINE.initial;
  private generation = 0;
  private abort = new AbortController();
  private cancelTimer: (() => void) | undefined;
  private readonly queue: ReaderEvent[] = [];
  private dispatching = false;
  private closed = false;
  private readonly steps: ScreenStep[] = [];

  /**
   * @param clock the reader's clock (time-outs, step times).
   * @param hooks the reader behind the screen. The machine shows nothing until {@link enter} is called.
   */
  constructor(clock: ReaderClock, hooks: ScreenInterpreterHooks) {
    this.clock = clock;
    this.hooks = hooks;
  }

  /** The current state. */
  get state(): ScreenStateId {
    return this.stateId;
  }

  /** The steps taken so far, oldest first. */
  get history(): readonly ScreenStep[] {
    return this.steps;
  }

  /** Whether {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Feeds one event to the machine; returns whether a transition took it (an event queued while another is handled
   * counts as taken). Nothing is taken once closed.
   */
  send(event: ReaderEvent): boolean {
    if (this.closed) return false;
    if (this.dispatching) {
      this.queue.push(event);
      return true;
    }
    this.dispatching = true;
    try {
      const taken = this.dispatch(event);
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.dispatch(next);
      return taken;
    } finally {
      this.dispatching = false;
    }
  }

  /** Ends the current visit: its activity is aborted, its time-out cancelled, its late results are stale. */
  leave(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** Shows state `id` in a new visit (call {@link leave} first when a visit is current). */
  enter(id: ScreenStateId): void {
    const state = screenState(id);
    this.hooks.entering(id);
    this.stateId = id;
    const generation = this.generation;
    const visit: StateVisit = { state: id, signal: this.abort.signal, isCurrent: () => generation === this.generation && !this.closed };
    if (state.timeout !== undefined) {
      this.cancelTimer = this.clock.setTimer(() => {
        if (visit.isCurrent()) this.send({ type: "timeout" });
      }, this.hooks.timeoutMs(state.timeout));
    }
    if (state.activity !== undefined) this.hooks.startActivity(state.activity, visit);
    this.hooks.entered(id);
  }

  /** Ends the current visit for good: later events are not taken. */
  close(): void {
    this.leave();
    this.closed = true;
  }

  private dispatch(event: ReaderEvent): boolean {
    const { guards, actions } = this.hooks.bindings;
    for (const x of SCREEN_MACHINE.transitions) {
      if (x.from !== this.stateId || x.event !== event.type) continue;
      if (x.guard !== undefined && !guards[x.guard](event)) continue;
      for (const action of x.actions ?? []) actions[action](event);
      this.hooks.taken(event);
      this.steps.push({ at: this.clock.now(), from: this.stateId, event: event.type, ...(x.guard ? { guard: x.guard } : {}), to: x.to });
      this.leave();
      this.enter(x.to);
      return true;
    }
    this.hooks.ignored(event);
    return false;
  }
}
