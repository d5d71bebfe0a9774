import { isExtendedLength } from "./_internals/extended-length.ts";
import type { NfcAntennaPosition } from "../apdu/index.ts";
import type { PhoneModel, PhonePlatform } from "./phone-model.ts";

/**
 * A phone's NFC front end as a reader meets it (docs/domain/phone-token.md, "Modelled quirks: extended APDUs, antenna
 * position"): where its antenna sits and whether it carries extended-length APDUs.
 */
export interface PhoneNfc {
  /** Which part of the phone must lie over the reader's antenna. */
  readonly antenna: NfcAntennaPosition;
  /** Whether extended-length APDUs reach the JPKI token; when false the exchange fails at the link (no status word). */
  readonly extendedApdus: boolean;
}

/**
 * Where the antenna sits when a model does not say: the iPhone is held by its top edge (public: the JPKI guidance
 * "iPhoneの上部" on the card); an Android phone on its back near the camera (modelled: Android models vary).
 */
const DEFAULT_ANTENNA: Readonly<Record<PhonePlatform, NfcAntennaPosition>> = { ios: "top-edge", android: "upper-back" };

/** The NFC front end of `model`, with the defaults for what it does not declare (extended APDUs: taken). */
export function phoneNfc(model: PhoneModel): PhoneNfc {
  return { antenna: model.nfcAntenna ?? DEFAULT_ANTENNA[model.platform], extendedApdus: model.extendedApdus ?? true };
}

/**
 * Why the NFC link of a phone of `model` fails on `command`, or `undefined` when it carries it: a phone without
 * extended-length APDUs drops the exchange on one (the reader sees the tag lost, the token never sees the command).
 * Modelled after the reader-side finding that a missing extended-length capability fails in the platform's
 * `transceive` with no status word (yubikit-android PR #64); what a phone's card-emulation stack does is not public.
 */
export function nfcLinkFailure(model: PhoneModel, command: Uint8Array): string | undefined {
  if (phoneNfc(model).extendedApdus || !isExtendedLength(command)) return undefined;
  return `the NFC stack of ${model.name} does not take extended-length APDUs (a ${command.length}-byte command with extended length fields)`;
}
