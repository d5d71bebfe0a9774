import type { ContactlessIdentity } from "../../transport/apdu-device.ts";

/**
 * The ATR a PC/SC part 3 contactless reader reports for an ISO 14443-4 Type B device: `3B 88 80 01`, the ATQB
 * application data (4 bytes), protocol info (3 bytes), the MBLI nibble (0 here), then TCK. The PUPI is not part of
 * it (some readers put it in anyway: DOMAIN.md §13). A phone's device-side `atr` is this value, so a phone attached
 * straight to vpcd looks as it does behind a contactless reader; readers in `sim/readers` synthesise their own.
 */
export function contactlessAtr(identity: ContactlessIdentity): Uint8Array {
  const body = [0x88, 0x80, 0x01, ...identity.applicationData, ...identity.protocolInfo, 0x00];
  const tck = body.reduce((x, b) => x ^ b, 0);
  return Uint8Array.of(0x3b, ...body, tck);
}
