import { basename } from "node:path";
import { ApduTrace, type TraceFileSummary, TraceFileWriter, WIRESHARK_HINT } from "../../sim/trace/index.ts";
import { UsageError } from "../cli-error.ts";

/** The text trace written beside `attach --trace FILE.pcapng`: `FILE.txt`. */
export function traceTextPath(pcapngPath: string): string {
  return `${pcapngPath.replace(/\.pcapng$/, "")}.txt`;
}

/** The recorder of `attach --trace` and the files it streams to. */
export interface AttachTrace {
  /** Records what the host sends (PINs redacted); keeps only a bounded tail in memory. */
  readonly trace: ApduTrace;
  /** The text file's path. */
  readonly textPath: string;
  /** Stops recording, flushes and closes both files. */
  close(): TraceFileSummary & { error?: Error };
}

/**
 * Opens `attach --trace` at the start of the session: both files are created now (an unwritable path ends the
 * command before the device is attached, exit 2 naming `--trace`) and every entry is streamed to them as it is
 * recorded, so memory stays bounded and nothing is lost at exit.
 */
export function openAttachTrace(pcapngPath: string): AttachTrace {
  // Memory keeps a short tail only (for inspection); the files get everything.
  const trace = new ApduTrace({ limit: 10_000, maxBytes: 4 * 1024 * 1024 });
  const textPath = traceTextPath(pcapngPath);
  let writer: TraceFileWriter;
  try {
    writer = TraceFileWriter.open({
      pcapngPath,
      textPath,
      startedAt: trace.startedAt,
      header: `# ${WIRESHARK_HINT.replace("TRACE.pcapng", basename(pcapngPath))}`,
    });
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UsageError(`--trace: cannot write ${JSON.stringify(pcapngPath)} or its .txt (${code})`, { cause: error });
  }
  const unsubscribe = trace.subscribe((entry) => writer.write(entry));
  return {
    trace,
    textPath,
    close: () => {
      unsubscribe();
      const summary = writer.close();
      const error = writer.error;
      return error ? { ...summary, error } : summary;
    },
  };
}
