/** Trace output beyond the recorder in sim/transport: Wireshark-readable pcapng. */
export { crcB } from "./crc-b.ts";
export { LINKTYPE_ISO_14443, traceToPcapng, WIRESHARK_HINT } from "./pcapng-writer.ts";
