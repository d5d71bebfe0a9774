import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** An RSA-2048 key pair as node KeyObjects. */
export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Options of {@link KeyStore}. */
export interface KeyStoreOptions {
  /**
   * Where PKCS#8 PEM files are kept. Default: `$MYNA_HIL_KEY_CACHE`, else `<repo>/.cache/keys`.
   * `null`: memory only, nothing is read or written.
   */
  directory?: string | null;
  /**
   * A read-only directory of published test keys, consulted after `directory` and before generating: a slot found
   * there is copied into `directory` and used (docs/domain/published-keys.md). Default: the repository's
   * `sim/pki/published-keys` when `directory` is not null, unless `MYNA_HIL_PUBLISHED_KEYS=off`. `null`: none (every
   * new slot generates a key).
   */
  published?: string | null;
}

const modulusLength = 2048;
const defaultDirectory = fileURLToPath(new URL("../../.cache/keys", import.meta.url));
/** Keys generated once and committed (docs/domain/published-keys.md): a fresh clone loads instead of generating. */
export const PUBLISHED_KEYS_DIRECTORY = fileURLToPath(new URL("./published-keys", import.meta.url));
let sharedStore: KeyStore | undefined;

function generateRsaKeyPair(): Promise<RsaKeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair("rsa", { modulusLength, publicExponent: 0x10001 }, (error, publicKey, privateKey) => {
      if (error !== null) reject(error);
      else resolve({ publicKey, privateKey });
    });
  });
}

/** The key pair in a PEM text, or undefined when the text is not an RSA-2048 PKCS#8 private key. */
function parseKeyPair(pem: string): RsaKeyPair | undefined {
  try {
    const privateKey = createPrivateKey({ key: pem, format: "pem" });
    if (privateKey.asymmetricKeyType !== "rsa" || privateKey.asymmetricKeyDetails?.modulusLength !== modulusLength) return undefined;
    return { privateKey, publicKey: createPublicKey(privateKey) };
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** RSA-2048 key pairs, cached so that tests and load runs do not pay ~70 ms of key generation per persona. */
export class KeyStore {
  /** The cache directory, or null for memory only. */
  readonly directory: string | null;
  /** The published keys' directory, or null for none. */
  readonly published: string | null;
  readonly #pairs = new Map<string, Promise<RsaKeyPair>>();
  #generated = 0;
  #loaded = 0;
  #fromPublished = 0;

  /** @param options `directory` (see {@link KeyStoreOptions}). */
  constructor(options: KeyStoreOptions = {}) {
    const fromEnvironment = process.env.MYNA_HIL_KEY_CACHE;
    this.directory =
      options.directory === null ? null : path.resolve(options.directory ?? (fromEnvironment !== undefined && fromEnvironment !== "" ? fromEnvironment : defaultDirectory));
    const published = options.published !== undefined ? options.published : process.env.MYNA_HIL_PUBLISHED_KEYS === "off" ? null : PUBLISHED_KEYS_DIRECTORY;
    this.published = this.directory === null || published === null ? null : path.resolve(published);
  }

  /** The process-wide default instance (default directory). */
  static shared(): KeyStore {
    sharedStore ??= new KeyStore();
    return sharedStore;
  }

  /** How many key pairs this instance generated (as opposed to loading them from the directory). */
  get generatedCount(): number {
    return this.#generated;
  }

  /** How many key pairs this instance loaded from the directory (published keys included). */
  get loadedCount(): number {
    return this.#loaded;
  }

  /** How many of the loaded key pairs came from the published keys. */
  get publishedCount(): number {
    return this.#fromPublished;
  }

  /**
   * The key pair for a stable slot name (e.g. "persona:P0001:auth", "ca:auth"). Same slot -> same key, across calls
   * and (with a directory) across processes. Generates with async `crypto.generateKeyPair` (libuv threadpool, so
   * concurrent calls generate in parallel), writes PKCS#8 PEM atomically and caches in memory. Concurrent calls for
   * the same slot share one generation. A corrupt cache file is regenerated; a cache that cannot be written is
   * ignored (the key then lives in memory only).
   */
  keyPair(slot: string): Promise<RsaKeyPair> {
    let pair = this.#pairs.get(slot);
    if (pair === undefined) {
      pair = this.#obtain(slot);
      this.#pairs.set(slot, pair);
      pair.catch(() => this.#pairs.delete(slot));
    }
    return pair;
  }

  /** The cache file of a slot: the slot sanitised for a file name, plus a hash so distinct slots never collide. */
  fileFor(slot: string): string | null {
    return this.directory === null ? null : path.join(this.directory, KeyStore.fileNameFor(slot));
  }

  /** The file name of a slot, in the cache and among the published keys. */
  static fileNameFor(slot: string): string {
    const readable = slot.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_").slice(0, 100);
    const digest = createHash("sha256").update(slot).digest("hex").slice(0, 12);
    return `${readable}.${digest}.pem`;
  }

  async #obtain(slot: string): Promise<RsaKeyPair> {
    const file = this.fileFor(slot);
    if (file === null) return this.#generate();
    const existing = await this.#read(file);
    if (existing.pair !== undefined) {
      this.#loaded++;
      return existing.pair;
    }
    const published = this.published === null ? undefined : (await this.#read(path.join(this.published, KeyStore.fileNameFor(slot)))).pair;
    if (published !== undefined) {
      this.#loaded++;
      this.#fromPublished++;
      // Into the cache too, so that a process with the published keys turned off still finds the same key.
      return (await this.#persist(file, published, existing.present)) ?? published;
    }
    const generated = await this.#generate();
    return (await this.#persist(file, generated, existing.present)) ?? generated;
  }

  async #generate(): Promise<RsaKeyPair> {
    const pair = await generateRsaKeyPair();
    this.#generated++;
    return pair;
  }

  async #read(file: string): Promise<{ pair?: RsaKeyPair; present: boolean }> {
    try {
      const pair = parseKeyPair(await readFile(file, "utf8"));
      return pair === undefined ? { present: true } : { pair, present: true };
    } catch (error) {
      return { present: errorCode(error) !== "ENOENT" };
    }
  }

  /**
   * Writes the key through a temporary file. When no file existed, `link` publishes it only if no other process
   * got there first (first writer wins, and the winner's key is adopted); a corrupt file is replaced by `rename`.
   * Returns the pair another process published, if any.
   */
  async #persist(file: string, pair: RsaKeyPair, replace: boolean): Promise<RsaKeyPair | undefined> {
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(temporary, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      if (replace) {
        await rename(temporary, file);
        return undefined;
      }
      try {
        await link(temporary, file);
      } catch (error) {
        if (errorCode(error) !== "EEXIST") {
          await rename(temporary, file); // file system without hard links
          return undefined;
        }
        const winner = await this.#read(file);
        if (winner.pair !== undefined) return winner.pair;
        await rename(temporary, file);
        return undefined;
      }
      return undefined;
    } catch {
      return undefined; // read-only or missing cache directory: keep the key in memory only
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }
}
