import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { comparableLines, diffTraceLines, formatTraceDiff, NORMALIZED_TRACE_HEADER, readTraceInput, type TraceInput } from "../../sim/trace/index.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";

/**
 * `myna-hil trace normalize FILE` and `myna-hil trace diff A B [--context N] [--max-lines N]`: traces made comparable
 * (docs/domain/traces.md). A file may be a pcapng written by this project, the readable text trace (`.txt` beside it),
 * its JSON lines, or an already normalized trace; the form is told by content. A pcapng holds commands and responses
 * only, so when either side is one both are compared without link and event lines. Exit 0 identical, 1 different,
 * 2 bad input (unreadable file, unknown form).
 */
export function registerTraceCommand(program: Command, context: CliContext): void {
  const trace = program.command("trace").description("APDU traces: normalize one, diff two runs");
  trace
    .command("normalize")
    .description("print the normalized form of a trace: decoded commands and status words, no times, ports or handles, secrets redacted, random content as lengths")
    .argument("<file>", "pcapng, text, JSON-lines or normalized trace")
    .option("--apdus-only", "leave out link and event lines (as a pcapng file has none)")
    .action(async (file: string, options: { apdusOnly?: boolean }) => {
      const input = await load(file, "FILE");
      const lines = options.apdusOnly === true ? input.lines.filter((l) => !l.startsWith("@ ") && !l.startsWith("** ")) : input.lines;
      context.io.out(`${[NORMALIZED_TRACE_HEADER, ...lines].join("\n")}\n`);
    });
  trace
    .command("diff")
    .description("where two runs part: the first divergent line with context, then a unified-style diff of the normalized traces")
    .argument("<a>", "first trace (pcapng, text, JSON-lines or normalized)")
    .argument("<b>", "second trace")
    .option("--context <n>", "equal lines shown around each change", "3")
    .option("--max-lines <n>", "most diff lines printed", "200")
    .action(async (a: string, b: string, options: { context: string; maxLines: string }) => {
      const contextLines = parseNumberFlag(options.context, "--context", { min: 0, max: 1000, integer: true });
      const maxLines = parseNumberFlag(options.maxLines, "--max-lines", { min: 1, max: 1_000_000, integer: true });
      const [inputA, inputB] = [await load(a, "A"), await load(b, "B")];
      const lines = comparableLines(inputA, inputB);
      const diff = diffTraceLines(lines.a, lines.b, { context: contextLines });
      context.io.out(`A: ${a} (${inputA.format}, ${lines.a.length} lines)\nB: ${b} (${inputB.format}, ${lines.b.length} lines)\n`);
      if (lines.apdusOnly) context.io.out("a pcapng file holds commands and responses only: comparing APDU lines (no links, no events)\n");
      context.io.out(formatTraceDiff(diff, { labels: ["A", "B"], context: contextLines, maxLines }));
      if (!diff.identical) throw new VerdictFailure(`the traces differ from line ${diff.divergence?.line ?? "?"}`);
    });
}

async function load(path: string, argument: string): Promise<TraceInput> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`${argument} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return readTraceInput(bytes);
  } catch (error) {
    throw new UsageError(`${argument} ${path}: not a trace this project writes: ${(error as Error).message}`);
  }
}
