/**
 * One-at-a-time per key: `run(key, work)` starts `work` once every earlier `run` with the same key has settled. The
 * service holds a key (a challenge, a qualification's consent, a reader ID, a facility's opt-out) from its check until
 * its event is durable and applied, so two requests never both pass a check that the first one's write will falsify.
 * Keys are forgotten when their last holder is done (memory stays bounded by the requests in flight).
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` under `key`; resolves or rejects as `work` does. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous === undefined ? done : previous.then(() => done);
    this.#tails.set(key, tail);
    try {
      if (previous !== undefined) await previous;
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Keys currently held or waited for. */
  get size(): number {
    return this.#tails.size;
  }
}
