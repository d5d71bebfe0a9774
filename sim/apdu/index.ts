/**
 * ISO 7816-4 APDU layer: command and response APDUs, status words, BER-TLV, hex at the edges — and the two interfaces
 * every edge shares: the device (`ApduDevice`, bytes in, bytes out, with its ATR and contactless identity) and the host
 * side (`Transceiver`), so devices and carriers meet here without importing each other.
 */
export { ApduFormatError } from "./apdu-format-error.ts";
export { type ApduCase, CommandApdu, type CommandApduFields } from "./command-apdu.ts";
export { fromHex, toHex } from "./hex.ts";
export { ResponseApdu } from "./response-apdu.ts";
export { describeStatusWord, StatusWord, type StatusWordValue, triesLeftOf, verifyFailed } from "./status-word.ts";
export { concatBytes, encodeBerLength, encodeTag, encodeTlv, type LocatedTlv, readLocatedTlvList, readTlv, readTlvList, type Tlv, type TlvReadOptions } from "./tlv.ts";
export type { ApduDevice, ContactlessIdentity, NfcAntennaPosition } from "./apdu-device.ts";
export { type AtrStyle, ContactlessAtr } from "./contactless-atr.ts";
export { type ApduChannel, type Transceiver, TransportError, type TransportErrorCode } from "./transceiver.ts";
export { DeviceMiddleware } from "./device-middleware.ts";
