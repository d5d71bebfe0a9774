import { PcscContext } from "../../../transport/pcsc-context.ts";
import type { PcscTransceiver } from "../../../transport/pcsc-transceiver.ts";
import { TransportError, type Transceiver } from "../../../apdu/index.ts";

/**
 * A {@link PcscTransceiver} that reports a card gone in the middle of a command as `removed`. pcscd does not say so for
 * that transmit: a real reader's driver fails it (`SCARD_E_NOT_TRANSACTED`), and vpcd even reports success with an
 * empty answer (checked here). So after any failure other than `removed`/`closed`, and after an answer without a status
 * word, the link waits at most `graceMs` for pcscd to see the reader empty.
 */
export class PcscPortLink implements Transceiver {
  readonly description: string;
  private readonly inner: PcscTransceiver;
  private readonly reader: string;
  private readonly graceMs: number;
  private readonly onClose: () => void;

  constructor(inner: PcscTransceiver, reader: string, graceMs: number, onClose: () => void) {
    this.inner = inner;
    this.description = inner.description;
    this.reader = reader;
    this.graceMs = graceMs;
    this.onClose = onClose;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.mapped(async () => {
      const response = await this.inner.transmit(command);
      if (response.length >= 2) return response;
      throw new TransportError("protocol", `PC/SC transmit on "${this.reader}" answered ${response.length} bytes (no status word)`);
    });
  }

  atr(): Promise<Uint8Array> {
    return this.mapped(() => this.inner.atr());
  }

  reset(): Promise<Uint8Array> {
    return this.mapped(() => this.inner.reset());
  }

  async close(): Promise<void> {
    this.onClose();
    await this.inner.close();
  }

  private async mapped<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof TransportError) || error.code === "removed" || error.code === "closed") throw error;
      if (await this.cardLeft()) {
        throw new TransportError("removed", `${error.message} — the device left "${this.reader}"`, { cause: error });
      }
      throw error;
    }
  }

  /** Whether pcscd sees the reader empty within the grace time, or this handle's card was replaced meanwhile. */
  private async cardLeft(): Promise<boolean> {
    let context: PcscContext | undefined;
    try {
      context = await PcscContext.open();
      await context.waitForRemoval(this.reader, { timeoutMs: this.graceMs });
      return true;
    } catch {
      // not seen empty: a card may have come back already, in which case pcscd invalidated this handle
      return this.inner.atr().then(
        () => false,
        (error: unknown) => error instanceof TransportError && error.code === "removed",
      );
    } finally {
      context?.close();
    }
  }
}
