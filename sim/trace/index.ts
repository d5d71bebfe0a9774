/**
 * Everything about APDU traces: recording (`ApduTrace`), redaction of secrets, tracing middleware for a host's
 * `Transceiver` and a device (`TracingDevice`), text and JSON forms, and Wireshark-readable pcapng
 * (docs/domain/traces.md).
 */
export { ApduTrace, type ApduTraceOptions, ENTRY_OVERHEAD_BYTES, type TraceCommandOptions, type TraceListener } from "./apdu-trace.ts";
export { BufferedFileSink, type BufferedFileSinkOptions } from "./buffered-file-sink.ts";
export { crcB } from "./crc-b.ts";
export { LINKTYPE_ISO_14443, PcapngPacketEncoder, pcapngFileHeader, traceToPcapng, WIRESHARK_HINT } from "./pcapng-writer.ts";
export { type RedactedCommand, redactCommand, SECRET_INSTRUCTIONS } from "./redaction.ts";
export { formatTraceEntry, type TraceDirection, type TraceEntry, type TraceEntryJson, traceEntryHex, traceEntryToJson } from "./trace-entry.ts";
export { TraceFileWriter, type TraceFileSummary, type TraceFileWriterOptions } from "./trace-file-writer.ts";
export { TracingDevice } from "./tracing-device.ts";
export { TracingTransceiver, type TracingTransceiverOptions } from "./tracing-transceiver.ts";
export { ApduNamer, type NamedCommand, placeholder, RANDOM_CONTENT_INSTRUCTIONS, type RedactionMark } from "./apdu-names.ts";
export { NORMALIZED_TRACE_HEADER, normalizeAtr, normalizeTrace, normalizeTraceLines, type NormalizeTraceOptions, normalizeVolatileText } from "./normalized-trace.ts";
export { isPcapng, PCAPNG_LINK, PcapngReadError, readPcapngTrace } from "./pcapng-reader.ts";
export { type DiffLine, diffTraceLines, formatTraceDiff, type FormatTraceDiffOptions, type TraceDiff, type TraceDiffOptions, type TraceDivergence } from "./trace-diff.ts";
export { comparableLines, readTraceInput, type TraceInput, type TraceInputFormat } from "./trace-input.ts";
export { parseTraceJsonLines, parseTraceText, TraceTextError } from "./trace-text-parser.ts";
