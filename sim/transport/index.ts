/** The carriers of the `Transceiver` (sim/apdu): in-process, vpcd (card side into a real pcscd), PC/SC host, ws device bus. */
export { InProcessTransceiver } from "./in-process-transceiver.ts";
export type { PcscBinding } from "./pcsc-binding.ts";
export { loadPcscBinding } from "./pcsc-binding.ts";
export { PcscContext, type PcscReaderInfo, type PcscWaitOptions } from "./pcsc-context.ts";
export { pcscError, pcscErrorCode } from "./pcsc-error.ts";
export { type PcscDisposition, type PcscProtocolPreference, PcscTransceiver, type PcscTransceiverOptions } from "./pcsc-transceiver.ts";
export { RateLimitedLog, type RateLimitedLogOptions } from "./rate-limited-log.ts";
export { loadQuickAck, type QuickAckArmer, quickAckUnavailableReason } from "./tcp-quick-ack.ts";
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
