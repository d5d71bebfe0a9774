/** Transceivers and their carriers (in-process, vpcd, PC/SC, ws device bus) and middleware (trace, redaction). */
export type { ApduDevice } from "./apdu-device.ts";
export { ApduTrace, type ApduTraceOptions, type TraceCommandOptions } from "./apdu-trace.ts";
export { InProcessTransceiver } from "./in-process-transceiver.ts";
export type { PcscBinding } from "./pcsc-binding.ts";
export { loadPcscBinding } from "./pcsc-binding.ts";
export { PcscContext, type PcscReaderInfo, type PcscWaitOptions } from "./pcsc-context.ts";
export { pcscError, pcscErrorCode } from "./pcsc-error.ts";
export { type PcscDisposition, type PcscProtocolPreference, PcscTransceiver, type PcscTransceiverOptions } from "./pcsc-transceiver.ts";
export { type RedactedCommand, redactCommand, SECRET_INSTRUCTIONS } from "./redaction.ts";
export { loadQuickAck, type QuickAckArmer, quickAckUnavailableReason } from "./tcp-quick-ack.ts";
export { formatTraceEntry, type TraceDirection, type TraceEntry, type TraceEntryJson, traceEntryHex, traceEntryToJson } from "./trace-entry.ts";
export { TracingDevice } from "./tracing-device.ts";
export { TracingTransceiver, type TracingTransceiverOptions } from "./tracing-transceiver.ts";
export { type Transceiver, TransportError, type TransportErrorCode } from "./transceiver.ts";
export {
  VPCD_DEFAULT_PORT,
  VpcdCardLink,
  type VpcdCardLinkEvents,
  type VpcdCardLinkOptions,
  type VpcdCardLinkStats,
  type VpcdCloseReason,
  VpcdControl,
} from "./vpcd-card-link.ts";
export { encodeVpcdFrame, VPCD_MAX_PAYLOAD, VpcdFrameReader, type VpcdFrameReaderHandlers, type VpcdFrameReaderOptions, type VpcdFrameReaderState } from "./vpcd-frame-reader.ts";
export { WsDeviceServer, type WsDeviceServerEvents, type WsDeviceServerOptions, type WsDeviceServerStats } from "./ws-device-server.ts";
export { decodeWsError, decodeWsMessage, encodeWsError, encodeWsMessage, WS_ANSWER_FLAG, WS_HEADER_LENGTH, type WsMessage, WsMessageType, type WsRequestType } from "./ws-message.ts";
export { WsTransceiver, type WsTransceiverOptions } from "./ws-transceiver.ts";
