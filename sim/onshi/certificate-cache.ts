import { X509Certificate } from "node:crypto";

/** A certificate as received: its DER and node's parsed form. */
export interface ParsedCertificate {
  der: Uint8Array;
  parsed: X509Certificate;
}

/**
 * Parsed certificates by their base64 text, least recently used first out. Node's X509Certificate constructor costs
 * ~0.3 ms (measured here), more than the RSA verifications of a qualification, and the same devices come back many
 * times in a simulated day: parse each once. Undefined when the text is not base64 of a DER X.509 certificate.
 */
export class CertificateCache {
  readonly #entries = new Map<string, ParsedCertificate | null>();

  /** @param capacity - entries kept (default 4096, a few MB). */
  constructor(readonly capacity = 4096) {}

  /**
   * What the cache holds for a text, without parsing: the parsed certificate, null when the text was found not to be
   * a certificate, undefined when it is not held. A hit counts as a use (it becomes the most recently used).
   */
  peek(base64: string): ParsedCertificate | null | undefined {
    const entry = this.#entries.get(base64);
    if (entry !== undefined) {
      this.#entries.delete(base64);
      this.#entries.set(base64, entry);
    }
    return entry;
  }

  /** The parsed certificate for a base64 text (validated by the caller), parsing it on a miss. */
  get(base64: string): ParsedCertificate | undefined {
    let entry = this.#entries.get(base64);
    if (entry !== undefined) {
      this.#entries.delete(base64);
    } else {
      const der = new Uint8Array(Buffer.from(base64, "base64"));
      try {
        entry = { der, parsed: new X509Certificate(der) };
      } catch {
        entry = null;
      }
      if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    }
    this.#entries.set(base64, entry);
    return entry ?? undefined;
  }
}
