import type { Clock } from "./clock.ts";

/**
 * The iPhone's authorisation window (modelled: how Face ID / Touch ID map to the key's security status is not public,
 * docs/domain/phone-token.md). A biometric act opens it for `lengthMs`; it closes when the time runs out, when the host sends the
 * last-command indicator `80 FC 00 00`, or when the token is disabled.
 */
export class AuthorisationWindow {
  /** How long the window stays open after an act, in ms. */
  readonly lengthMs: number;
  private readonly clock: Clock;
  private until: number | undefined;

  constructor(lengthMs: number, clock: Clock) {
    if (!Number.isFinite(lengthMs) || lengthMs <= 0) throw new RangeError(`authorisation window length must be a positive number of ms, got ${lengthMs}`);
    this.lengthMs = lengthMs;
    this.clock = clock;
  }

  /** Opens (or re-opens) the window now; returns when it closes (ms since the epoch). */
  open(): number {
    this.until = this.clock() + this.lengthMs;
    return this.until;
  }

  /** Closes the window. */
  close(): void {
    this.until = undefined;
  }

  /** Whether the window is open now (open up to and excluding its end). */
  get isOpen(): boolean {
    return this.until !== undefined && this.clock() < this.until;
  }

  /** When the open window closes, or undefined when it is closed. */
  get expiresAt(): Date | undefined {
    return this.isOpen && this.until !== undefined ? new Date(this.until) : undefined;
  }
}
