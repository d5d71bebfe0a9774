/**
 * The general-purpose (汎用) contactless USB reader: profiles with their real limits, the contactless ATR synthesised
 * from the ATQB (PC/SC part 3), the reader emulated in-process (and where a phone is placed on it), the same reader
 * inside the real pcscd through a vpcd slot, and a {@link ReaderPort} over any PC/SC reader.
 */
export { ContactlessAtr, type AtrStyle } from "../../apdu/index.ts";
export { FieldDevice } from "./field-device.ts";
export { FieldTransceiver } from "./field-transceiver.ts";
export {
  type FieldExitReason,
  type ReaderHold,
  GeneralPurposeReader,
  type GeneralPurposeReaderEvents,
  type GeneralPurposeReaderOptions,
  type HoldOptions,
} from "./general-purpose-reader.ts";
export { DEFAULT_INTERMITTENT, type HoldPlacement, type IntermittentCoupling } from "./hold-placement.ts";
export { GeneralPurposeReaderSlot, type GeneralPurposeReaderSlotEvents, type GeneralPurposeReaderSlotOptions } from "./general-purpose-reader-slot.ts";
export { PcscReaderPort, type PcscReaderPortOptions } from "./pcsc-reader-port.ts";
export { type ProcessingTime, processingTime, type ProcessingTimeOptions } from "./processing-time.ts";
export { readerConfSnippet, type ReaderConfSnippetOptions } from "./reader-conf-snippet.ts";
export { CCID_HEADER_BYTES, ReaderLimits } from "./reader-limits.ts";
export type { UsbReaderProfile } from "./usb-reader-profile.ts";
export { UsbReaderProfiles } from "./usb-reader-profiles.ts";
