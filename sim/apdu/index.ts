/** ISO 7816-4 APDU layer: command and response APDUs, status words, BER-TLV, hex at the edges. */
export { ApduFormatError } from "./apdu-format-error.ts";
export { type ApduCase, CommandApdu, type CommandApduFields } from "./command-apdu.ts";
export { fromHex, toHex } from "./hex.ts";
export { ResponseApdu } from "./response-apdu.ts";
export { describeStatusWord, StatusWord, type StatusWordValue, triesLeftOf, verifyFailed } from "./status-word.ts";
export { concatBytes, encodeBerLength, encodeTlv, readTlv, readTlvList, type Tlv } from "./tlv.ts";
