/** Outcome of presenting a candidate to a {@link PinCounter}. */
export type PinCheck = { result: "ok" } | { result: "wrong"; triesLeft: number } | { result: "blocked" };

/**
 * A PIN or password with its retry counter, kept in the card's non-volatile memory:
 * it survives reset, power-off and re-attach of the same card object.
 * Three wrong auth PINs block it for good; there is no unblock command on the card
 * (at a real municipal office the PIN is re-set; not modelled).
 */
export class PinCounter {
  /** Tries allowed after a correct entry. */
  readonly maxTries: number;
  private value: Uint8Array;
  private remaining: number;
  private readonly format: (candidate: string) => boolean;

  /**
   * @param initial the PIN as ASCII text
   * @param maxTries the retry limit (3 for the auth PIN, 5 for the signing password)
   * @param format which values CHANGE REFERENCE DATA accepts
   */
  constructor(initial: string, maxTries: number, format: (candidate: string) => boolean) {
    if (!format(initial)) throw new RangeError("initial PIN does not match its format");
    this.value = new TextEncoder().encode(initial);
    this.maxTries = maxTries;
    this.remaining = maxTries;
    this.format = format;
  }

  /**
   * A key EF blocked from issuance, with zero tries and no value that opens it: the card-info AP's `0012` on every card
   * myna-card examined (empty VERIFY `63C0`, VERIFY `6984`; `src/ap/text.rs` `BLOCKED_0012`), and — modelled — the
   * signing password `001B` of a card issued without a signing certificate.
   */
  static blockedAtIssue(): PinCounter {
    // The value is never compared: a counter at zero answers "blocked" before looking at it.
    const counter = new PinCounter("0", 1, (candidate) => candidate === "0");
    counter.remaining = 0;
    return counter;
  }

  /** Tries left before the PIN blocks; 0 when blocked. */
  get triesLeft(): number {
    return this.remaining;
  }

  /** True once every try is used up. */
  get blocked(): boolean {
    return this.remaining === 0;
  }

  /** Checks a candidate: resets the counter on success, uses a try on failure. */
  check(candidate: Uint8Array): PinCheck {
    if (this.remaining === 0) return { result: "blocked" };
    if (equalBytes(candidate, this.value)) {
      this.remaining = this.maxTries;
      return { result: "ok" };
    }
    this.remaining -= 1;
    return { result: "wrong", triesLeft: this.remaining };
  }

  /** Whether `candidate` (ASCII bytes) is an acceptable new value. */
  accepts(candidate: Uint8Array): boolean {
    for (const b of candidate) if (b < 0x20 || b > 0x7e) return false;
    return this.format(new TextDecoder().decode(candidate));
  }

  /** Replaces the value (caller checked {@link accepts} and the security status). */
  change(newValue: Uint8Array): void {
    this.value = newValue.slice();
    this.remaining = this.maxTries;
  }
}

/** Constant-time-ish comparison of two byte strings. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** 4 digits: the auth PIN (利用者証明用暗証番号), the card-info input PIN. */
export const FOUR_DIGITS = (s: string): boolean => /^[0-9]{4}$/.test(s);

/** 6–16 of A–Z and 0–9: the signing password (署名用パスワード). */
export const SIGNING_PASSWORD = (s: string): boolean => /^[A-Z0-9]{6,16}$/.test(s);
