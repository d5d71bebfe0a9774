import { cpus } from "node:os";
import type { Command } from "commander";
import { runApduBench } from "../../bench/apdu-bench.ts";
import { formatApduBench } from "../../bench/format-apdu-bench.ts";
import type { CliContext } from "../cli-context.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";

/** `myna-hil bench apdu [--seconds S] [--no-pcscd] [--json]`: prints figures; it is a benchmark, not a test. */
export function registerBenchCommand(program: Command, context: CliContext): void {
  const bench = program.command("bench").description("benchmarks that print figures");
  bench
    .command("apdu")
    .description("APDU round trips/s, p50/p99 latency and full certificate read + signature time per carrier")
    .option("--seconds <s>", "time budget of each measured loop", "2")
    .option("--no-pcscd", "skip the pcscd+vpcd rows")
    .option("--vpcd-port <port>", "vpcd port for the pcscd rows", "35963")
    .option("--json", "print JSON instead of the table")
    .action(async (flags: { seconds: string; pcscd: boolean; vpcdPort: string; json?: boolean }) => {
      const seconds = parseNumberFlag(flags.seconds, "--seconds", { min: 0.1, max: 60, integer: false });
      const port = parseNumberFlag(flags.vpcdPort, "--vpcd-port", { min: 1, max: 65535 });
      const results = await runApduBench({ budgetMs: seconds * 1000, pcscd: flags.pcscd, vpcdPort: port, progress: (l) => context.io.err(`${l}\n`) });
      const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.versions.node}`;
      context.io.out(flags.json ? `${JSON.stringify({ machine, results }, null, 2)}\n` : formatApduBench(results, machine));
    });
}
