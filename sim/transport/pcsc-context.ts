import { loadPcscBinding, type PcscBinding, type PcscContextHandle, type PcscReaderHandle, type PcscReaderState } from "./pcsc-binding.ts";
import { pcscError } from "./pcsc-error.ts";
import { TransportError } from "../apdu/index.ts";

/** A reader pcscd knows, with what is in it. */
export interface PcscReaderInfo {
  /** The PC/SC reader name, e.g. `Virtual PCD 00 00`. */
  readonly name: string;
  /** True when a card is present and answered its reset. */
  readonly present: boolean;
  /** The card's ATR when one is present. */
  readonly atr: Uint8Array | undefined;
  /** Raw `SCARD_STATE_*` flags. */
  readonly state: number;
}

/** Options of the waiting methods of {@link PcscContext}. */
export interface PcscWaitOptions {
  /** How long to wait, in ms (default 10,000). */
  timeoutMs?: number;
  /** Aborts the wait (cancels every wait pending on this context). */
  signal?: AbortSignal;
}

/** Upper bound on state changes looked at during one wait: a wait is bounded in count as well as in time. */
const MAX_STATE_CHANGES = 10_000;

/**
 * A PC/SC resource-manager context (SCardEstablishContext on pcscd): lists readers and waits for cards.
 * Opening it loads the optional `smartcard` binding; it fails with `TransportError("unavailable")` when the binding
 * or pcscd is missing, naming the fix.
 */
export class PcscContext {
  /** The loaded binding (for the transceiver and advanced callers). */
  readonly binding: PcscBinding;
  private readonly handle: PcscContextHandle;
  private closed = false;

  private constructor(binding: PcscBinding, handle: PcscContextHandle) {
    this.binding = binding;
    this.handle = handle;
  }

  /** Establishes a context with pcscd. */
  static async open(): Promise<PcscContext> {
    const binding = await loadPcscBinding();
    try {
      return new PcscContext(binding, new binding.Context());
    } catch (error) {
      const wrapped = pcscError("establish context", error);
      if (wrapped.code !== "unavailable") throw wrapped;
      throw new TransportError("unavailable", `${wrapped.message} — is pcscd running? Start it with \`pcscd -f &\``, { cause: error });
    }
  }

  /** The names of the readers pcscd lists, from a short-lived context. */
  static async listReaders(): Promise<string[]> {
    const context = await PcscContext.open();
    try {
      return context.readerNames();
    } finally {
      context.close();
    }
  }

  /** The readers with their state. */
  readers(): PcscReaderInfo[] {
    this.check();
    try {
      return this.handle.listReaders().map((r) => this.info(r.name, r.state, r.atr));
    } catch (error) {
      throw pcscError("list readers", error);
    }
  }

  /** The reader names. */
  readerNames(): string[] {
    return this.readers().map((r) => r.name);
  }

  /** The native reader handle named `name`; rejects with `TransportError("unavailable")` naming the readers present. */
  reader(name: string): PcscReaderHandle {
    this.check();
    let readers: PcscReaderHandle[];
    try {
      readers = this.handle.listReaders();
    } catch (error) {
      throw pcscError("list readers", error);
    }
    const found = readers.find((r) => r.name === name);
    if (!found) {
      throw new TransportError("unavailable", `PC/SC reader "${name}" not found; readers: ${readers.map((r) => `"${r.name}"`).join(", ") || "none"}`);
    }
    return found;
  }

  /** Waits until a card is present in `reader`; resolves with its ATR, rejects with `TransportError("timeout")`. */
  async waitForCard(reader: string, options?: PcscWaitOptions): Promise<Uint8Array> {
    const state = await this.waitFor(reader, "card present", (s) => this.isPresent(s.state) && s.atr !== null && s.atr.length > 0, options);
    return new Uint8Array(state.atr ?? []);
  }

  /** Waits until `reader` is empty; rejects with `TransportError("timeout")`. */
  async waitForRemoval(reader: string, options?: PcscWaitOptions): Promise<void> {
    await this.waitFor(reader, "card removed", (s) => (s.state & this.binding.SCARD_STATE_EMPTY) !== 0, options);
  }

  /** Releases the context; waits in progress end. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.handle.cancel();
    } catch {
      // already invalid
    }
    this.handle.close();
  }

  private async waitFor(
    reader: string,
    what: string,
    done: (state: PcscReaderState) => boolean,
    options: PcscWaitOptions | undefined,
  ): Promise<PcscReaderState> {
    this.check();
    const timeoutMs = options?.timeoutMs ?? 10_000;
    const signal = options?.signal;
    const deadline = performance.now() + timeoutMs;
    const onAbort = (): void => {
      try {
        this.handle.cancel();
      } catch {
        // nothing to cancel
      }
    };
    if (signal?.aborted) throw new TransportError("closed", `waiting for ${what} in "${reader}" aborted`, { cause: signal.reason });
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      let known = 0; // SCARD_STATE_UNAWARE: the first call reports the current state at once
      for (let i = 0; i < MAX_STATE_CHANGES; i++) {
        const remaining = Math.ceil(deadline - performance.now());
        if (remaining <= 0 && i > 0) break;
        let states: PcscReaderState[] | null;
        try {
          states = await this.handle.waitForChange([{ name: reader, state: known }], Math.max(0, remaining));
        } catch (error) {
          throw pcscError(`wait for ${what} in "${reader}"`, error);
        }
        if (states === null || signal?.aborted || this.closed) {
          throw new TransportError("closed", `waiting for ${what} in "${reader}" was cancelled`, { cause: signal?.reason });
        }
        const state = states[0];
        if (state === undefined) continue; // time-out slice: the loop checks the deadline
        if ((state.state & this.binding.SCARD_STATE_UNAVAILABLE) !== 0 && (state.state & this.binding.SCARD_STATE_PRESENT) === 0) {
          throw new TransportError("unavailable", `PC/SC reader "${reader}" is unavailable`);
        }
        if (done(state)) return state;
        known = state.state & ~this.binding.SCARD_STATE_CHANGED;
      }
      throw new TransportError("timeout", `no ${what} in "${reader}" within ${timeoutMs} ms`);
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private isPresent(state: number): boolean {
    return (state & this.binding.SCARD_STATE_PRESENT) !== 0 && (state & this.binding.SCARD_STATE_MUTE) === 0;
  }

  private info(name: string, state: number, atr: Uint8Array | null): PcscReaderInfo {
    const present = this.isPresent(state);
    return { name, present, atr: present && atr && atr.length > 0 ? new Uint8Array(atr) : undefined, state };
  }

  private check(): void {
    if (this.closed || !this.handle.isValid) throw new TransportError("closed", "PC/SC context is closed");
  }
}
