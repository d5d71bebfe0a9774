import { type Persona, BUILT_IN_PERSONAS } from "../personas/index.ts";
import { KeyStore } from "../pki/key-store.ts";
import type { CertificateLinks } from "./certificate-links.ts";

/**
 * MODELLED: links the built-in personas' cards by public key (key slots `persona:<id>:auth` of the key cache), so a
 * service in one process recognises cards issued in another (`myna-hil attach`) whose serials it never saw.
 * Loads (or, on a cold cache, generates) the keys through the KeyStore.
 */
export async function linkBuiltInCards(links: CertificateLinks, keyStore: KeyStore = KeyStore.shared(), personas: readonly Persona[] = BUILT_IN_PERSONAS): Promise<number> {
  const pairs = await Promise.all(personas.map((p) => keyStore.keyPair(`persona:${p.id}:auth`)));
  pairs.forEach((pair, i) => {
    const persona = personas[i];
    if (persona !== undefined) links.registerPublicKey(pair.publicKey, persona.id, "card");
  });
  return pairs.length;
}
