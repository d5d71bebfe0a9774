import type { IssuedCertificate } from "../issued-certificate.ts";

/**
 * Process-wide memo of deterministic certificate work, shared by every authority in the process: a CA certificate
 * depends only on its kind, name and key, and a persona's card certificate only on the CA, the derived serial, the
 * validity and the request (RSASSA-PKCS1-v1_5 signatures are deterministic). A world made again with the same keys
 * (each scenario, test and conformance run opens its own) then reuses the DER instead of building it again with
 * @peculiar/x509 (~30 ms of CPU per certificate). What each authority remembers (issued serials, revocations) stays its
 * own. Certificates with random serials are never looked up here.
 */
export class BoundedMemo<V> {
  readonly #entries = new Map<string, Promise<V>>();

  /** @param limit entries kept at most; the oldest go first. */
  constructor(readonly limit: number) {}

  /** The value for `key`, made by `make` the first time (a failed make is forgotten, so the next call tries again). */
  get(key: string, make: () => Promise<V>): Promise<V> {
    const known = this.#entries.get(key);
    if (known !== undefined) return known;
    const made = make();
    this.#entries.set(key, made);
    made.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return made;
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }
}

/** A copy the caller may change without changing what the memo hands out next (the key object is immutable). */
export function copyOfIssued(certificate: IssuedCertificate): IssuedCertificate {
  return { ...certificate, der: certificate.der.slice(), notBefore: new Date(certificate.notBefore.getTime()), notAfter: new Date(certificate.notAfter.getTime()) };
}
