import { createHmac, timingSafeEqual } from "node:crypto";
import { randomPool } from "./random-pool.ts";

/** A challenge as the service hands it out. */
export interface IssuedChallenge {
  /** `<facility code>.<expiry, ms base 36>.<nonce>`: opaque to clients. */
  challengeId: string;
  /** 32 bytes to be signed (HMAC of the ID under the service key). */
  challenge: Uint8Array;
  expiresAt: Date;
}

/** Outcome of {@link ChallengeIssuer.check}; a replay is detected by the caller's record of used IDs. */
export type ChallengeCheck =
  | { ok: true; expiresAtMs: number }
  | { ok: false; code: "challenge-invalid" | "challenge-other-facility" | "challenge-expired" };

const ID = /^(\d{10})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/;

/**
 * Fresh challenges bound to a facility, without server-side state until used: the challenge is an HMAC-SHA-256 of its
 * ID (facility code, expiry, 16 random bytes) under a service key. Any process holding the key can check one (so the
 * service can run in several workers); single use is enforced by recording used IDs until they expire.
 */
export class ChallengeIssuer {
  readonly #key: Buffer;
  /** Lifetime of a challenge, ms. */
  readonly ttlMs: number;

  /** @param key - at least 32 secret bytes; @param ttlMs - lifetime of a challenge (default 60 s). */
  constructor(key: Uint8Array, ttlMs = 60_000) {
    if (key.length < 32) throw new RangeError("challenge key must be at least 32 bytes");
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`challenge TTL must be positive, got ${ttlMs}`);
    this.#key = Buffer.from(key);
    this.ttlMs = ttlMs;
  }

  #mac(challengeId: string): Buffer {
    return createHmac("sha256", this.#key).update(challengeId).digest();
  }

  /** A new challenge for a facility, valid for the TTL from `now`. */
  issue(facilityCode: string, now: Date): IssuedChallenge {
    const expiresAtMs = now.getTime() + this.ttlMs;
    const challengeId = `${facilityCode}.${expiresAtMs.toString(36)}.${randomPool().base64url(16)}`;
    return { challengeId, challenge: new Uint8Array(this.#mac(challengeId)), expiresAt: new Date(expiresAtMs) };
  }

  /** Whether `challenge` is the one issued under `challengeId`, to this facility, and not expired at `now`. */
  check(facilityCode: string, challengeId: string, challenge: Uint8Array, now: Date): ChallengeCheck {
    const parts = ID.exec(challengeId);
    if (parts === null || challenge.length !== 32 || !timingSafeEqual(this.#mac(challengeId), challenge)) return { ok: false, code: "challenge-invalid" };
    if (parts[1] !== facilityCode) return { ok: false, code: "challenge-other-facility" };
    const expiresAtMs = Number.parseInt(parts[2] ?? "", 36);
    if (now.getTime() > expiresAtMs) return { ok: false, code: "challenge-expired" };
    return { ok: true, expiresAtMs };
  }
}
