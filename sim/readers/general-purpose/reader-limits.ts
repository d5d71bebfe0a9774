import type { UsbReaderProfile } from "./usb-reader-profile.ts";

/** The CCID header every message carries in front of the APDU (PC_to_RDR_XfrBlock / RDR_to_PC_DataBlock). */
export const CCID_HEADER_BYTES = 10;

/** Largest response APDU (256 data bytes + SW1 SW2) a reader without extended APDUs carries. */
const SHORT_RESPONSE_MAX = 258;

/** Whether `command` uses extended length fields (`00` where a short Lc or Le would be, then two length bytes). */
function isExtended(command: Uint8Array): boolean {
  return command.length >= 7 && command[4] === 0x00;
}

/**
 * What a reader refuses to carry, by its profile: a command or response longer than one CCID message, and extended
 * APDUs on a reader without them. Each check returns why, or `undefined` when the reader carries the bytes.
 */
export const ReaderLimits = {
  isExtended,
  /** Why the reader would not send `command` to the device. */
  command(profile: UsbReaderProfile, command: Uint8Array): string | undefined {
    const max = profile.maxMessageBytes - CCID_HEADER_BYTES;
    if (command.length > max) return `command APDU of ${command.length} bytes is longer than the ${max} bytes one CCID message of ${profile.name} carries`;
    if (!profile.extendedApdus && isExtended(command)) return `${profile.name} does not take extended-length APDUs`;
    return undefined;
  },
  /** Why the reader could not bring `response` back to the host. */
  response(profile: UsbReaderProfile, response: Uint8Array): string | undefined {
    const max = profile.maxMessageBytes - CCID_HEADER_BYTES;
    if (response.length > max) return `response APDU of ${response.length} bytes is longer than the ${max} bytes one CCID message of ${profile.name} carries`;
    if (!profile.extendedApdus && response.length > SHORT_RESPONSE_MAX) return `${profile.name} does not take extended-length responses (${response.length} bytes)`;
    return undefined;
  },
} as const;
