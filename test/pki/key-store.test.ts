import { createPublicKey } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyStore, PUBLISHED_KEYS_DIRECTORY } from "../../sim/pki/key-store.ts";
import type { RsaKeyPair } from "../../sim/pki/key-store.ts";
import { temporaryDirectory } from "./temporary-key-store.ts";

const pem = (pair: RsaKeyPair): string => pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const spki = (pair: RsaKeyPair): Buffer => pair.publicKey.export({ type: "spki", format: "der" });

describe("KeyStore", () => {
  let directory: string;
  let remove: () => Promise<void>;
  let store: KeyStore;
  let first: RsaKeyPair;

  beforeAll(async () => {
    ({ directory, remove } = await temporaryDirectory());
    store = new KeyStore({ directory });
    first = await store.keyPair("persona:P0001:auth");
  });
  afterAll(() => remove());

  it("gives RSA-2048 key pairs whose halves match", () => {
    expect(first.privateKey.asymmetricKeyType).toBe("rsa");
    expect(first.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(first.publicKey.type).toBe("public");
    expect(createPublicKey(first.privateKey).equals(first.publicKey)).toBe(true);
  });

  it("gives the same key for the same slot, in memory and from the directory in another instance", async () => {
    expect(await store.keyPair("persona:P0001:auth")).toBe(first);
    const other = new KeyStore({ directory });
    const reloaded = await other.keyPair("persona:P0001:auth");
    expect(pem(reloaded)).toBe(pem(first));
    expect(other.loadedCount).toBe(1);
    expect(other.generatedCount).toBe(0);
  });

  it("writes the key as a PKCS#8 PEM file named after the sanitised slot, inside the directory", async () => {
    const file = store.fileFor("persona:P0001:auth");
    expect(file).not.toBeNull();
    expect(path.dirname(file ?? "")).toBe(directory);
    expect(path.basename(file ?? "")).toMatch(/^persona_P0001_auth\.[0-9a-f]{12}\.pem$/);
    expect(await readFile(file ?? "", "utf8")).toBe(pem(first));
    expect(path.dirname(store.fileFor("../../etc/passwd") ?? "")).toBe(directory);
    expect(store.fileFor("a:b")).not.toBe(store.fileFor("a_b"));
    const names = await readdir(directory);
    expect(names.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("gives different keys for different slots", async () => {
    const second = await store.keyPair("persona:P0001:sign");
    expect(spki(second).equals(spki(first))).toBe(false);
  });

  it("generates once for concurrent calls on the same slot", async () => {
    const fresh = new KeyStore({ directory });
    const pairs = await Promise.all(Array.from({ length: 5 }, () => fresh.keyPair("concurrent")));
    expect(fresh.generatedCount).toBe(1);
    for (const pair of pairs) expect(pair).toBe(pairs[0]);
  });

  it("regenerates over a corrupt cache file instead of failing, and persists the new key", async () => {
    const slot = "corrupt";
    const file = store.fileFor(slot) ?? "";
    await writeFile(file, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    const recovering = new KeyStore({ directory });
    const pair = await recovering.keyPair(slot);
    expect(recovering.generatedCount).toBe(1);
    expect(await readFile(file, "utf8")).toBe(pem(pair));
    const later = new KeyStore({ directory });
    expect(pem(await later.keyPair(slot))).toBe(pem(pair));
    expect(later.generatedCount).toBe(0);
  });

  it("keeps working in memory when the directory cannot be written", async () => {
    const blocked = path.join(directory, "a-file-not-a-directory");
    await writeFile(blocked, "x");
    const unwritable = new KeyStore({ directory: blocked });
    const pair = await unwritable.keyPair("slot");
    expect(await unwritable.keyPair("slot")).toBe(pair);
    expect(await readFile(blocked, "utf8")).toBe("x");
  });

  it("memory-only mode reads and writes nothing, even with MYNA_HIL_KEY_CACHE set", async () => {
    const environment = await temporaryDirectory();
    const saved = process.env.MYNA_HIL_KEY_CACHE;
    process.env.MYNA_HIL_KEY_CACHE = environment.directory;
    try {
      expect(new KeyStore().directory).toBe(environment.directory);
      const memoryOnly = new KeyStore({ directory: null });
      expect(memoryOnly.directory).toBeNull();
      expect(memoryOnly.fileFor("slot")).toBeNull();
      const pair = await memoryOnly.keyPair("persona:P0001:auth");
      expect(await memoryOnly.keyPair("persona:P0001:auth")).toBe(pair);
      expect(pem(pair)).not.toBe(pem(first));
      expect(await readdir(environment.directory)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.MYNA_HIL_KEY_CACHE;
      else process.env.MYNA_HIL_KEY_CACHE = saved;
      await environment.remove();
    }
  });

  it("takes a published slot from the published keys (copied into the cache), and generates it with published: null", async () => {
    const { directory: cache, remove: removeCache } = await temporaryDirectory();
    try {
      const slot = "ca:auth";
      const publishedFile = path.join(PUBLISHED_KEYS_DIRECTORY, KeyStore.fileNameFor(slot));
      const withPublished = new KeyStore({ directory: cache });
      expect(withPublished.published).toBe(PUBLISHED_KEYS_DIRECTORY);
      const pair = await withPublished.keyPair(slot);
      expect(pem(pair)).toBe(await readFile(publishedFile, "utf8"));
      expect([withPublished.generatedCount, withPublished.loadedCount, withPublished.publishedCount]).toEqual([0, 1, 1]);
      expect(await readFile(withPublished.fileFor(slot) ?? "", "utf8")).toBe(pem(pair));
      const { directory: empty, remove: removeEmpty } = await temporaryDirectory();
      try {
        const without = new KeyStore({ directory: empty, published: null });
        expect(without.published).toBeNull();
        expect(pem(await without.keyPair(slot))).not.toBe(pem(pair));
        expect(without.generatedCount).toBe(1);
      } finally {
        await removeEmpty();
      }
    } finally {
      await removeCache();
    }
  });

  it("MYNA_HIL_PUBLISHED_KEYS=off turns the published keys off; memory-only stores never read them", () => {
    const saved = process.env.MYNA_HIL_PUBLISHED_KEYS;
    process.env.MYNA_HIL_PUBLISHED_KEYS = "off";
    try {
      expect(new KeyStore({ directory }).published).toBeNull();
      expect(new KeyStore({ directory, published: directory }).published).toBe(directory);
    } finally {
      if (saved === undefined) delete process.env.MYNA_HIL_PUBLISHED_KEYS;
      else process.env.MYNA_HIL_PUBLISHED_KEYS = saved;
    }
    expect(new KeyStore({ directory: null }).published).toBeNull();
  });

  it("shared() is one process-wide instance", () => {
    expect(KeyStore.shared()).toBe(KeyStore.shared());
  });
});
