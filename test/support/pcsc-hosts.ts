import type { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { PcscTransceiver } from "../../sim/transport/pcsc-transceiver.ts";

/**
 * Host-side connections to one pcscd reader for a test suite: `connect()` waits (bounded) for a card and connects;
 * `closeAll()` closes every connection made, ignoring ones whose card already left.
 */
export function pcscHosts(context: () => PcscContext, reader: string, timeoutMs = 10_000): { connect(): Promise<PcscTransceiver>; closeAll(): Promise<void> } {
  const opened: PcscTransceiver[] = [];
  return {
    async connect() {
      await context().waitForCard(reader, { timeoutMs });
      const t = await PcscTransceiver.connect(reader);
      opened.push(t);
      return t;
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((t) => t.close().catch(() => undefined)));
    },
  };
}
