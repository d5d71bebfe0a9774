import { BufferedFileSink } from "./buffered-file-sink.ts";
import { PcapngPacketEncoder, pcapngFileHeader } from "./pcapng-writer.ts";
import { formatTraceEntry, type TraceEntry } from "./trace-entry.ts";

/** Options of {@link TraceFileWriter.open}. */
export interface TraceFileWriterOptions {
  /** The pcapng file (docs/domain/traces.md); created or truncated. */
  pcapngPath: string;
  /** The readable text file beside it, if wanted; created or truncated. */
  textPath?: string;
  /** Wall-clock start of the trace in ms since the epoch (`ApduTrace.startedAt`). */
  startedAt: number;
  /** Comment lines written first in the text file (each starting with `#`), e.g. how to open the pcapng. */
  header?: string;
  /** Longest time written entries wait in memory before they go to disk, in ms (default 250). */
  flushIntervalMs?: number;
  /** Bytes gathered per file before a write (default 256 KiB). */
  bufferBytes?: number;
}

/** What a {@link TraceFileWriter} wrote. */
export interface TraceFileSummary {
  /** Entries written to the text file (every entry). */
  entries: number;
  /** Packets written to the pcapng file (commands and responses). */
  packets: number;
  /** Size of the pcapng file. */
  pcapngBytes: number;
  /** Size of the text file (0 without one). */
  textBytes: number;
}

/**
 * Writes a trace to disk as it is recorded: pcapng packets and text lines go out in bounded chunks, at the latest
 * after `flushIntervalMs`, so a long session neither grows memory nor builds one huge string at the end; {@link close}
 * only flushes the rest and closes. Subscribe it to an `ApduTrace`: `trace.subscribe((e) => writer.write(e))`.
 * The entries are already redacted when recorded; this writer adds nothing secret.
 */
export class TraceFileWriter {
  private readonly pcapng: BufferedFileSink;
  private readonly text: BufferedFileSink | undefined;
  private readonly encoder: PcapngPacketEncoder;
  private readonly timer: NodeJS.Timeout;
  private entries = 0;
  private packets = 0;
  private closed = false;

  private constructor(pcapng: BufferedFileSink, text: BufferedFileSink | undefined, options: TraceFileWriterOptions) {
    this.pcapng = pcapng;
    this.text = text;
    this.encoder = new PcapngPacketEncoder(options.startedAt);
    pcapng.write(pcapngFileHeader());
    if (text) {
      if (options.header) text.write(options.header.endsWith("\n") ? options.header : `${options.header}\n`);
      text.write(`# APDU trace started ${new Date(options.startedAt).toISOString()}\n`);
    }
    this.timer = setInterval(() => this.flush(), Math.max(10, options.flushIntervalMs ?? 250));
    this.timer.unref();
  }

  /** Creates (or truncates) the files; throws the system error when one cannot be opened. */
  static open(options: TraceFileWriterOptions): TraceFileWriter {
    const sinkOptions = options.bufferBytes !== undefined ? { bufferBytes: options.bufferBytes } : {};
    const pcapng = new BufferedFileSink(options.pcapngPath, sinkOptions);
    let text: BufferedFileSink | undefined;
    try {
      text = options.textPath !== undefined ? new BufferedFileSink(options.textPath, sinkOptions) : undefined;
    } catch (error) {
      pcapng.close();
      throw error;
    }
    return new TraceFileWriter(pcapng, text, options);
  }

  /** The first write error of either file, if any (writing that file stopped there). */
  get error(): Error | undefined {
    return this.pcapng.error ?? this.text?.error;
  }

  /** Appends one entry: a packet for a command or response, a line for every entry. */
  write(entry: TraceEntry): void {
    if (this.closed) return;
    this.entries++;
    const packet = this.encoder.encode(entry);
    if (packet) {
      this.packets++;
      this.pcapng.write(packet);
    }
    this.text?.write(`${formatTraceEntry(entry)}\n`);
  }

  /** Sends what is buffered to disk. */
  flush(): void {
    this.pcapng.flush();
    this.text?.flush();
  }

  /** Writes the text file's last line (`# N entries`), flushes and closes both files. */
  close(): TraceFileSummary {
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.timer);
      this.text?.write(`# ${this.entries} entries\n`);
      this.pcapng.close();
      this.text?.close();
    }
    return { entries: this.entries, packets: this.packets, pcapngBytes: this.pcapng.bytesWritten, textBytes: this.text?.bytesWritten ?? 0 };
  }
}
