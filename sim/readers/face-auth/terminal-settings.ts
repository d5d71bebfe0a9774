import type { ReaderPort } from "../reader-port.ts";
import type { ReaderClock } from "./reader-clock.ts";
import { systemClock } from "./reader-clock.ts";

/** A moment in the counter's life: wall time for people, sequence number for ordering (several may share a ms). */
export interface SettingsStamp {
  readonly seq: number;
  readonly at: number;
}

/**
 * The qualification terminal's side of the phone set-up (docs/domain/counter-flow.md): the general-purpose reader connected and
 * configured, the environment setting 「スマホによる本人確認の利用有無」 (default 「利用する」, on), and when the terminal
 * was last restarted. A face-auth reader shows 「スマートフォンを利用する」 only once the terminal and the reader were
 * both restarted after the last change (modelled: the rule is public, the bookkeeping is ours).
 */
export class TerminalSettings {
  private readonly clock: ReaderClock;
  private seq = 0;
  private port: ReaderPort | undefined;
  private smartphoneIdentity = true;
  private changed: SettingsStamp;
  private terminalRestart: SettingsStamp;

  /** A terminal as installed: setting on, no general-purpose reader, started now. */
  constructor(options: { clock?: ReaderClock } = {}) {
    this.clock = options.clock ?? systemClock;
    this.changed = this.stamp();
    this.terminalRestart = this.stamp();
  }

  /** A new stamp, later than every earlier one. */
  stamp(): SettingsStamp {
    return { seq: ++this.seq, at: this.clock.now() };
  }

  /** The general-purpose reader connected and set up on the terminal, if any. */
  get generalPurposeReader(): ReaderPort | undefined {
    return this.port;
  }

  /** 「スマホによる本人確認の利用有無」: true for 「利用する」. */
  get smartphoneIdentityEnabled(): boolean {
    return this.smartphoneIdentity;
  }

  /** The last change of the phone set-up. */
  get lastChange(): SettingsStamp {
    return this.changed;
  }

  /** The last terminal restart. */
  get lastTerminalRestart(): SettingsStamp {
    return this.terminalRestart;
  }

  /** Connects and configures a general-purpose reader (or disconnects it with `undefined`). A change: restarts needed. */
  configureGeneralPurposeReader(port: ReaderPort | undefined): void {
    this.port = port;
    this.changed = this.stamp();
  }

  /** Sets 「スマホによる本人確認の利用有無」. Turning it on is a change (restarts needed); turning it off applies at once. */
  setSmartphoneIdentity(enabled: boolean): void {
    if (enabled === this.smartphoneIdentity) return;
    this.smartphoneIdentity = enabled;
    if (enabled) this.changed = this.stamp();
  }

  /** Restarts the qualification terminal. */
  restartTerminal(): void {
    this.terminalRestart = this.stamp();
  }

  /** Whether the phone set-up is in force for a reader last restarted at `readerRestart`. */
  phoneSetupInForce(readerRestart: SettingsStamp): boolean {
    return this.smartphoneIdentity && this.terminalRestart.seq > this.changed.seq && readerRestart.seq > this.changed.seq;
  }
}
