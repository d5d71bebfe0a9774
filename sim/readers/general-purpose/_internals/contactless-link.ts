import type { ApduDevice } from "../../../apdu/index.ts";

/**
 * Why the contactless link to `device` fails on `command` before the device's chip sees it, when the device says so
 * (the phones in `sim/phones`: `contactlessLinkFailure`, e.g. a model whose NFC stack lacks extended APDUs);
 * `undefined` otherwise. The reader treats such a failure as a lost tag (docs/domain/phone-token.md, modelled quirks).
 */
export function contactlessLinkFailure(device: ApduDevice, command: Uint8Array): string | undefined {
  const candidate = device as ApduDevice & { contactlessLinkFailure?: unknown };
  if (typeof candidate.contactlessLinkFailure !== "function") return undefined;
  const reason: unknown = candidate.contactlessLinkFailure(command);
  return typeof reason === "string" ? reason : undefined;
}
