import { type Transceiver } from "../../../sim/apdu/index.ts";
import type { HostFault } from "../scenario-entry.ts";

/**
 * Fault-injection middleware on a host's {@link Transceiver} (docs/architecture.md: cross-cutting behaviour wraps a
 * Transceiver), modelled after the trackers of docs/domain/read-failures.md#pcsc:
 * - `truncated-read` (connective-50): once `afterBytes` of READ BINARY data have passed, the answer is `6F00` (`error`)
 *   or an empty `9000` (`empty-9000`);
 * - `removed-mid-read`: after `afterCommands` commands `onRemoved` is called (the runner takes the device away).
 * `reset-between-verify-and-sign` is a step of the host tool, not of the link.
 */
export class FaultyLink implements Transceiver {
  readonly description: string;
  private readonly inner: Transceiver;
  private readonly fault: HostFault | undefined;
  private readonly onRemoved: () => void;
  private readBytes = 0;
  private commands = 0;

  constructor(inner: Transceiver, fault: HostFault | undefined, onRemoved: () => void) {
    this.inner = inner;
    this.fault = fault;
    this.onRemoved = onRemoved;
    this.description = `${inner.description} (fault: ${fault?.kind ?? "none"})`;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.commands++;
    const fault = this.fault;
    if (fault?.kind === "removed-mid-read" && this.commands === fault.afterCommands + 1) this.onRemoved();
    const response = await this.inner.transmit(command);
    if (fault?.kind === "truncated-read" && command[1] === 0xb0) {
      if (this.readBytes >= fault.afterBytes) return fault.as === "error" ? Uint8Array.of(0x6f, 0x00) : Uint8Array.of(0x90, 0x00);
      this.readBytes += Math.max(0, response.length - 2);
    }
    return response;
  }

  atr(): Promise<Uint8Array> {
    return this.inner.atr();
  }

  reset(): Promise<Uint8Array> {
    return this.inner.reset();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
