import type { Transceiver } from "../../sim/apdu/index.ts";
import type { FakeVpcd } from "./fake-vpcd.ts";

/** A host-side {@link Transceiver} through a {@link FakeVpcd}: each APDU goes to the connected card side as vpcd would send it. */
export function fakeVpcdChannel(vpcd: FakeVpcd, timeoutMs = 5000): Transceiver {
  return {
    description: `fake-vpcd:${vpcd.port}`,
    transmit: (command) => vpcd.exchange(command, timeoutMs),
    atr: () => vpcd.getAtr(timeoutMs),
    reset: async () => {
      vpcd.control(0x02);
      return vpcd.getAtr(timeoutMs);
    },
    close: async () => undefined,
  };
}
