import { cpus } from "node:os";
import type { Command } from "commander";
import { runApduBench } from "../../bench/apdu-bench.ts";
import { runApduCeiling } from "../../bench/apdu-ceiling.ts";
import { formatApduBench } from "../../bench/format-apdu-bench.ts";
import { formatApduCeiling } from "../../bench/format-apdu-ceiling.ts";
import { formatReadpathBench } from "../../bench/readpath/format-readpath-bench.ts";
import { runReadpathBench } from "../../bench/readpath/readpath-bench.ts";
import { pilotMixWith } from "../../bench/readpath/pilot-mix.ts";
import type { BenchMix } from "../../bench/readpath/readpath-messages.ts";
import { formatSoakSample, formatSoakVerdict, SOAK_TABLE_HEADER } from "../../bench/soak/format-soak.ts";
import { runSoak } from "../../bench/soak/soak-bench.ts";
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

/**
 * `--mix clean|pilot|phone,card`: `clean` is phone then card; `pilot` is the pilot error mix measured next to the clean
 * rows (pilot, phone, card); or a list of phone, card and pilot, each at most once.
 */
function parseMixList(value: string): BenchMix[] {
  const named: Record<string, BenchMix[]> = { clean: ["phone", "card"], pilot: ["pilot", "phone", "card"] };
  const direct = named[value.trim()];
  if (direct !== undefined) return direct;
  const mixes = value.split(",").map((p) => p.trim());
  for (const mix of mixes) if (mix !== "phone" && mix !== "card" && mix !== "pilot") throw new UsageError(`--mix: must be clean, pilot, or a list of phone, card and pilot, got "${value}"`);
  if (new Set(mixes).size !== mixes.length) throw new UsageError(`--mix: each mix once, got "${value}"`);
  return mixes as BenchMix[];
}

/** `--seed S` (default: random, printed) for the pilot mix's draw. */
function parseSeed(value: string | undefined): number {
  return value === undefined ? Math.floor(Math.random() * 2 ** 31) : parseNumberFlag(value, "--seed", { min: 0, max: 2 ** 32 - 1 });
}

const machineOf = (): string => `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.versions.node}`;

/**
 * `myna-hil bench apdu [--seconds S] [--no-pcscd] [--rounds N] [--no-ceiling] [--json]` and
 * `myna-hil bench readpath [--seconds S] [--counters 1,4,16] [--json]`: print figures; they are benchmarks, not tests.
 */
export function registerBenchCommand(program: Command, context: CliContext): void {
  const bench = program.command("bench").description("benchmarks that print figures");
  bench
    .command("apdu")
    .description("APDU round trips/s, p50/p99 latency and full certificate read + signature time per carrier")
    .option("--seconds <s>", "time budget of each measured loop", "2")
    .option("--no-pcscd", "skip the pcscd+vpcd rows and the ceiling")
    .option("--vpcd-port <port>", "vpcd port for the pcscd rows", "35963")
    .option("--rounds <n>", "ceiling: alternating rounds of --seconds per client, our card vs the echo card (even)", "6")
    .option("--no-ceiling", "skip the ceiling (our card ÷ a minimal echo card through the same pcscd+vpcd)")
    .option("--json", "print JSON instead of the table")
    .action(async (flags: { seconds: string; pcscd: boolean; vpcdPort: string; rounds: string; ceiling: boolean; json?: boolean }) => {
      const seconds = parseNumberFlag(flags.seconds, "--seconds", { min: 0.1, max: 60, integer: false });
      const port = parseNumberFlag(flags.vpcdPort, "--vpcd-port", { min: 1, max: 65535 });
      const rounds = parseNumberFlag(flags.rounds, "--rounds", { min: 2, max: 100 });
      if (rounds % 2 !== 0) throw new UsageError(`--rounds: must be even (ABBA pairs), got ${rounds}`);
      const progress = (l: string) => context.io.err(`${l}\n`);
      const results = await runApduBench({ budgetMs: seconds * 1000, pcscd: flags.pcscd, vpcdPort: port, progress });
      if (flags.pcscd && flags.ceiling) progress("ceiling: our card vs the echo card through pcscd + vpcd …");
      const ceiling = flags.pcscd && flags.ceiling ? await runApduCeiling({ budgetMs: seconds * 1000, vpcdPort: port, rounds, progress }) : undefined;
      const machine = machineOf();
      context.io.out(flags.json ? `${JSON.stringify({ machine, results, ceiling }, null, 2)}\n` : formatApduBench(results, machine) + (ceiling ? `\n${formatApduCeiling(ceiling)}` : ""));
      if (ceiling?.failed) throw new VerdictFailure(`ceiling: ${ceiling.failed}`);
    });
  bench
    .command("readpath")
    .description("complete qualifications/s, p50/p99, peak memory and CPU per qualification against one service on loopback, for phone and card mixes")
    .option("--seconds <s>", "time budget of each measured row", "3")
    .option("--counters <list>", "numbers of concurrent counters to measure", "1,4,16")
    .option("--mix <mix>", "clean (phone and card rows), pilot (the seeded pilot error mix next to the clean rows), or a list of phone, card, pilot", "clean")
    .option("--seed <s>", "seed of the pilot mix's draw (default: random, printed)")
    .option("--phone-share <p>", "share of pilot-mix patients with a phone (default 0.0054, the pilot's: docs/domain/pilot-findings.md)")
    .option("--counter-threads <n>", "worker threads for the counters (default: one per core)")
    .option("--devices <n>", "phones and cards per counter (distinct personas)", "4")
    .option("--carrier <carrier>", "how devices reach their counter: in-process or ws (each device on its own socket)", "in-process")
    .option("--http-client <client>", "the counters' HTTP client: socket (lean keep-alive) or node-http (OnshiClient's default)", "socket")
    .option("--cpu-prof <dir>", "write V8 CPU profiles of the service and counter threads to this directory")
    .option("--no-split", "skip the second, profiled pass of each row that measures where the CPU went")
    .option("--json", "print JSON instead of the table")
    .action(async (flags: { seconds: string; mix: string; seed?: string; phoneShare?: string; counters: string; counterThreads?: string; devices: string; carrier: string; httpClient: string; cpuProf?: string; split: boolean; json?: boolean }) => {
      const seconds = parseNumberFlag(flags.seconds, "--seconds", { min: 0.2, max: 120, integer: false });
      const counters = parseCounterList(flags.counters);
      const mixes = parseMixList(flags.mix);
      const seed = parseSeed(flags.seed);
      const phoneShare = flags.phoneShare === undefined ? undefined : parseNumberFlag(flags.phoneShare, "--phone-share", { min: 0, max: 1, integer: false });
      const counterThreads = flags.counterThreads === undefined ? undefined : parseNumberFlag(flags.counterThreads, "--counter-threads", { min: 1, max: 64 });
      const devicesPerCounter = parseNumberFlag(flags.devices, "--devices", { min: 1, max: 8 });
      if (flags.carrier !== "in-process" && flags.carrier !== "ws") throw new UsageError(`--carrier: must be in-process or ws, got "${flags.carrier}"`);
      if (flags.httpClient !== "socket" && flags.httpClient !== "node-http") throw new UsageError(`--http-client: must be socket or node-http, got "${flags.httpClient}"`);
      const result = await runReadpathBench({
        budgetMs: seconds * 1000,
        mixes,
        seed,
        ...(phoneShare !== undefined ? { pilotMix: pilotMixWith({ phoneShare }) } : {}),
        counters,
        devicesPerCounter,
        carrier: flags.carrier,
        httpClient: flags.httpClient,
        ...(counterThreads !== undefined ? { counterThreads } : {}),
        ...(flags.cpuProf !== undefined ? { cpuProfileDir: flags.cpuProf } : {}),
        split: flags.split,
        progress: (l) => context.io.err(`${l}\n`),
      });
      const machine = machineOf();
      context.io.out(flags.json ? `${JSON.stringify({ machine, ...result }, null, 2)}\n` : formatReadpathBench(result, machine));
      const failed = result.rows.filter((r) => r.failures > 0);
      if (failed.length > 0) throw new VerdictFailure(`${failed.length} row(s) had failed qualifications; their figures are not valid`);
    });
  bench
    .command("soak")
    .description("runs the read path for N minutes, samples heap and RSS, and fails when memory grows without bound")
    .requiredOption("--minutes <n>", "how long to run (fractions allowed, e.g. 0.5)")
    .option("--mix <mix>", "pilot (the seeded pilot error mix) or clean (phone and card in turn)", "pilot")
    .option("--counters <k>", "concurrent counters", "4")
    .option("--seed <s>", "seed of the pilot mix's draw (default: random, printed)")
    .option("--sample-seconds <s>", "seconds between samples (default: the duration ÷ 20, 0.5–5 s)")
    .action(async (flags: { minutes: string; mix: string; counters: string; seed?: string; sampleSeconds?: string }) => {
      const minutes = parseNumberFlag(flags.minutes, "--minutes", { min: 0.01, max: 24 * 60, integer: false });
      if (flags.mix !== "pilot" && flags.mix !== "clean") throw new UsageError(`--mix: must be pilot or clean, got "${flags.mix}"`);
      const counters = parseNumberFlag(flags.counters, "--counters", { min: 1, max: 64 });
      const seed = parseSeed(flags.seed);
      const sampleSeconds = flags.sampleSeconds === undefined ? undefined : parseNumberFlag(flags.sampleSeconds, "--sample-seconds", { min: 0.2, max: 600, integer: false });
      let header = false;
      const result = await runSoak({
        minutes,
        mix: flags.mix,
        counters,
        seed,
        ...(sampleSeconds !== undefined ? { sampleSeconds } : {}),
        progress: (l) => context.io.err(`${l}\n`),
        onSample: (sample) => {
          if (!header) context.io.out(SOAK_TABLE_HEADER);
          header = true;
          context.io.out(formatSoakSample(sample));
        },
      });
      context.io.out(formatSoakVerdict(result, machineOf()));
      if (!result.verdict.pass || result.failures > 0) throw new VerdictFailure(`soak failed: ${result.failures > 0 ? `${result.failures} failed qualification(s); ` : ""}${result.verdict.reason}`);
    });
}
