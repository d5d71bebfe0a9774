import { CardRegistry } from "../../sim/cards/card-registry.ts";
import { KeyStore } from "../../sim/pki/index.ts";

/**
 * A registry for one test file: its own authority and card objects (so PIN counters do not leak between files),
 * keys from the on-disk cache shared by every run (so tests do not pay RSA key generation each time).
 */
export function freshCardRegistry(options?: { now?: Date }): CardRegistry {
  return new CardRegistry({ keyStore: KeyStore.shared(), ...(options?.now ? { now: options.now } : {}) });
}
