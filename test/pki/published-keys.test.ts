import { createPrivateKey, createPublicKey } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KeyStore, PUBLISHED_KEYS_DIRECTORY } from "../../sim/pki/key-store.ts";

/** The committed test keys (docs/domain/published-keys.md): each one usable, none shared by two slots. */
describe("the published keys", () => {
  it("are RSA-2048 PKCS#8 PEM files named as KeyStore names a slot, with no modulus twice", async () => {
    const names = (await readdir(PUBLISHED_KEYS_DIRECTORY)).filter((n) => n.endsWith(".pem"));
    expect(names.length).toBeGreaterThan(100);
    const moduli = new Set<string>();
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9._-]+\.[0-9a-f]{12}\.pem$/);
      const pem = await readFile(path.join(PUBLISHED_KEYS_DIRECTORY, name), "utf8");
      expect(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), name).toBe(true);
      const key = createPrivateKey(pem);
      expect(key.asymmetricKeyType, name).toBe("rsa");
      expect(key.asymmetricKeyDetails?.modulusLength, name).toBe(2048);
      expect(key.asymmetricKeyDetails?.publicExponent, name).toBe(65537n);
      moduli.add(createPublicKey(key).export({ format: "jwk" }).n ?? "");
    }
    expect(moduli.size).toBe(names.length);
  });

  it("cover the slots of the built-in world: the CAs and every persona's card keys", async () => {
    const names = new Set(await readdir(PUBLISHED_KEYS_DIRECTORY));
    const slots = ["ca:auth", "ca:sign", ...Array.from({ length: 24 }, (_, i) => `persona:P${String(i + 1).padStart(4, "0")}:auth`)];
    for (const slot of slots) expect(names.has(KeyStore.fileNameFor(slot)), slot).toBe(true);
  });
});
