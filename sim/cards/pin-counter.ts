import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

/**
 * A changed PIN as it may be written to disk (`attach --state`): a salted scrypt digest, never the PIN itself. A PIN of
 * a few digits can still be found from it by trying them all; the digest only keeps it out of plain sight.
 */
export interface PinDigest {
  /** Hex. */
  readonly salt: string;
  /** Hex, scrypt(PIN, salt). */
  readonly hash: string;
}

/** scrypt cost: ~10 ms per VERIFY against a restored digest on CI's machine. */
const SCRYPT = { N: 4096, r: 8, p: 1 } as const;
const DIGEST_BYTES = 32;

/** Whether `digest` has the shape {@link PinCounter.change} writes: a hex salt of 16 bytes or more, a 32-byte hex hash. */
export function isPinDigest(digest: PinDigest): boolean {
  return /^(?:[0-9a-f]{2}){16,}$/.test(digest.salt) && new RegExp(`^[0-9a-f]{${DIGEST_BYTES * 2}}$`).test(digest.hash);
}

function digestWith(value: Uint8Array, salt: Buffer): Buffer {
  return scryptSync(value, salt, DIGEST_BYTES, SCRYPT);
}

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
  /** The PIN, or undefined after {@link restoreChanged} (then only its digest is known). */
  private value: Uint8Array | undefined;
  /** The digest of the value set by CHANGE REFERENCE DATA, if it was changed (salted once, at the change). */
  private changedDigest: PinDigest | undefined;
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

  /** The digest of the value set by CHANGE REFERENCE DATA, or undefined while the PIN is the one issued. */
  get changed(): PinDigest | undefined {
    return this.changedDigest;
  }

  /**
   * Takes a changed value back from its digest (a device restored by `attach --state`): from now on a candidate is
   * right when its digest matches. Tries left are not touched.
   */
  restoreChanged(digest: PinDigest): void {
    if (!isPinDigest(digest)) throw new RangeError("a changed PIN's digest must be a hex salt (16 bytes or more) and a 32-byte hex hash");
    this.value = undefined;
    this.changedDigest = { salt: digest.salt, hash: digest.hash };
  }

  /** Checks a candidate: resets the counter on success, uses a try on failure. */
  check(candidate: Uint8Array): PinCheck {
    if (this.remaining === 0) return { result: "blocked" };
    if (this.matches(candidate)) {
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
    const salt = randomBytes(16);
    this.changedDigest = { salt: salt.toString("hex"), hash: digestWith(newValue, salt).toString("hex") };
    this.remaining = this.maxTries;
  }

  private matches(candidate: Uint8Array): boolean {
    if (this.value !== undefined) return equalBytes(candidate, this.value);
    const digest = this.changedDigest;
    if (digest === undefined) return false;
    return timingSafeEqual(digestWith(candidate, Buffer.from(digest.salt, "hex")), Buffer.from(digest.hash, "hex"));
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
