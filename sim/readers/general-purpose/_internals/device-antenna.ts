import type { ApduDevice, NfcAntennaPosition } from "../../../apdu/index.ts";

/** Where `device`'s NFC antenna sits, when it declares one; `undefined` for a card, whose antenna spans the card. */
export function antennaOf(device: ApduDevice): NfcAntennaPosition | undefined {
  return device.nfcAntenna;
}
