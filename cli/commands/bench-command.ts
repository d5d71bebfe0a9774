import { cpus } from "node:os";
import type { Command } from "commander";
import { runApduBench } from "../../bench/apdu-bench.ts";
import { formatApduBench } from "../../bench/format-apdu-bench.ts";
import { formatReadpathBench } from "../../bench/readpath/format-readpath-bench.ts";
import { runReadpathBench } from "../../bench/readpath/readpath-bench.ts";
import type { BenchMix } from "../../bench/readpath/readpath-messages.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";

/** `--counters 1,4,16`: distinct whole numbers from 1 to 64, in the order given. */
function parseCounterList(value: string): number[] {
  const parts = value.split(",").map((p) => p.trim());
  const counters = parts.map((p) => parseNumberFlag(p, "--counters", { min: 1, max: 64 }));
  if (new Set(counters).size !== counters.length) throw new UsageError(`--counters: each number once, got "${value}"`);
  return counters;
}

/** `--mix phone,card`: each of phone and card at most once. */
function parseMixList(value: string): BenchMix[] {
  const mixes = value.split(",").map((p) => p.trim());
  for (const mix of mixes) if (mix !== "phone" && mix !== "card") throw new UsageError(`--mix: must list phone and/or card, got "${value}"`);
  if (new Set(mixes).size !== mixes.length) throw new UsageError(`--mix: each mix once, got "${value}"`);
  return mixes as BenchMix[];
}

const machineOf = (): string => `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.versions.node}`;

/**
 * `myna-hil bench apdu [--seconds S] [--no-pcscd] [--json]` and
 * `myna-hil bench readpath [--seconds S] [--counters 1,4,16] [--json]`: print figures; they are benchmarks, not tests.
 */
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
      const machine = machineOf();
      context.io.out(flags.json ? `${JSON.stringify({ machine, results }, null, 2)}\n` : formatApduBench(results, machine));
    });
  bench
    .command("readpath")
    .description("complete qualifications/s, p50/p99, peak memory and CPU per qualification against one service on loopback, for phone and card mixes")
    .option("--seconds <s>", "time budget of each measured row", "3")
    .option("--counters <list>", "numbers of concurrent counters to measure", "1,4,16")
    .option("--mix <list>", "mixes to measure: phone, card or both", "phone,card")
    .option("--counter-threads <n>", "worker threads for the counters (default: one per core)")
    .option("--devices <n>", "phones and cards per counter (distinct personas)", "4")
    .option("--carrier <carrier>", "how devices reach their counter: in-process or ws (each device on its own socket)", "in-process")
    .option("--http-client <client>", "the counters' HTTP client: socket (lean keep-alive) or node-http (OnshiClient's default)", "socket")
    .option("--cpu-prof <dir>", "write V8 CPU profiles of the service and counter threads to this directory")
    .option("--json", "print JSON instead of the table")
    .action(async (flags: { seconds: string; mix: string; counters: string; counterThreads?: string; devices: string; carrier: string; httpClient: string; cpuProf?: string; json?: boolean }) => {
      const seconds = parseNumberFlag(flags.seconds, "--seconds", { min: 0.2, max: 120, integer: false });
      const counters = parseCounterList(flags.counters);
      const mixes = parseMixList(flags.mix);
      const counterThreads = flags.counterThreads === undefined ? undefined : parseNumberFlag(flags.counterThreads, "--counter-threads", { min: 1, max: 64 });
      const devicesPerCounter = parseNumberFlag(flags.devices, "--devices", { min: 1, max: 8 });
      if (flags.carrier !== "in-process" && flags.carrier !== "ws") throw new UsageError(`--carrier: must be in-process or ws, got "${flags.carrier}"`);
      if (flags.httpClient !== "socket" && flags.httpClient !== "node-http") throw new UsageError(`--http-client: must be socket or node-http, got "${flags.httpClient}"`);
      const result = await runReadpathBench({
        budgetMs: seconds * 1000,
        mixes,
        counters,
        devicesPerCounter,
        carrier: flags.carrier,
        httpClient: flags.httpClient,
        ...(counterThreads !== undefined ? { counterThreads } : {}),
        ...(flags.cpuProf !== undefined ? { cpuProfileDir: flags.cpuProf } : {}),
        progress: (l) => context.io.err(`${l}\n`),
      });
      const machine = machineOf();
      context.io.out(flags.json ? `${JSON.stringify({ machine, ...result }, null, 2)}\n` : formatReadpathBench(result, machine));
      const failed = result.rows.filter((r) => r.failures > 0);
      if (failed.length > 0) throw new VerdictFailure(`${failed.length} row(s) had failed qualifications; their figures are not valid`);
    });
}
