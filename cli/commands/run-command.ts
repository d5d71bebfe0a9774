import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Command } from "commander";
import { runCounterSession, type PatientVisit } from "../../scenarios/counter-session.ts";
import { describeOutcome } from "../../sim/terminal/card-read-outcome.ts";
import type { CliContext } from "../cli-context.ts";
import { padDisplay } from "../display-width.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";

interface RunFlags {
  patients: string;
  seed?: string;
  out: string;
}

function outcomeKey(v: PatientVisit): string {
  return v.outcome.kind === "certificate-invalid" ? `certificate-invalid (006 ${v.outcome.reason})` : v.outcome.kind === "qualified" && v.outcome.inGrace ? "qualified (in grace)" : v.outcome.kind;
}

function summaryTable(visits: readonly PatientVisit[]): string {
  const counts = new Map<string, number>();
  for (const v of visits) counts.set(outcomeKey(v), (counts.get(outcomeKey(v)) ?? 0) + 1);
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const width = Math.max(...rows.map(([k]) => k.length), 7);
  const lines = [`  ${"outcome".padEnd(width)}  patients`, `  ${"-".repeat(width)}  --------`];
  for (const [k, n] of rows) lines.push(`  ${k.padEnd(width)}  ${String(n).padStart(8)}`);
  return lines.join("\n");
}

/**
 * `myna-hil run`: the main job on the embedded default. Today: a counter session of My Number Card reads over real
 * sockets, with live progress, a summary table and reports under `reports/`. The online qualification service,
 * phones and reader screens join this job as they are built.
 */
export function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command("run")
    .description("the main job: a simulated counter session of My Number Card reads over real sockets")
    .option("--patients <n>", "number of patients", "24")
    .option("--seed <s>", "seed for who comes and how they type the PIN (default: random, printed)")
    .option("--out <dir>", "where reports go", "reports")
    .action(async (flags: RunFlags) => {
      const patients = parseNumberFlag(flags.patients, "--patients", { min: 1, max: 10_000 });
      const seed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : parseNumberFlag(flags.seed, "--seed", { min: 0, max: 2 ** 32 - 1 });
      const { io } = context;
      io.out(
        [
          "myna-hil run — a simulated counter session with My Number Cards",
          `  ${patients} patients, seed ${seed} (repeat with --seed ${seed})`,
          "  Each patient's emulated card (RSA-2048 keys, X.509 certificates from the test JPKI CA) is served on its own",
          "  WebSocket on 127.0.0.1; the qualification terminal reads it with real APDUs: SELECT JPKI, READ BINARY of the",
          "  auth certificate, VERIFY of the PIN the patient types, COMPUTE DIGITAL SIGNATURE over a fresh challenge.",
          "  The certificate is then checked against the test CA: chain, revocation, expiry with the card's 3-month grace.",
          "  Not yet in this job: the online qualification service, phones (iPhone/Android) and reader screens.",
          "",
        ].join("\n"),
      );
      const started = performance.now();
      const visits = await runCounterSession({
        patients,
        seed,
        onVisit: (v) => {
          const who = padDisplay(`${v.persona.id} ${v.persona.name}`, 18);
          io.out(`  [${String(v.index).padStart(String(patients).length)}/${patients}] ${who} PIN ${v.pinBehaviour.padEnd(9)} ${String(v.apdus).padStart(3)} APDUs ${v.durationMs.toFixed(1).padStart(6)} ms  → ${describeOutcome(v.outcome)}\n`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const qualified = visits.filter((v) => v.outcome.kind === "qualified").length;
      const apdus = visits.reduce((s, v) => s + v.apdus, 0);
      const dir = join(flags.out, `run-${new Date().toISOString().replace(/[:.]/g, "-")}`);
      await mkdir(dir, { recursive: true });
      const summary = { seed, patients, qualified, failed: patients - qualified, apdus, seconds, visits: visits.map(({ trace: _t, ...v }) => v) };
      await writeFile(join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
      const failures = visits.filter((v) => v.trace);
      await writeFile(
        join(dir, "failed-reads.trace.txt"),
        failures.map((v) => `# patient ${v.index} ${v.persona.id}: ${describeOutcome(v.outcome)}\n${v.trace}`).join("\n") || "no failed reads\n",
      );
      io.out(
        [
          "",
          `Summary: ${qualified} of ${patients} patients qualified by card (${((100 * qualified) / patients).toFixed(1)}%), ${apdus} APDUs in ${seconds.toFixed(2)} s`,
          summaryTable(visits),
          "",
          "Failed reads end in the fallbacks of DOMAIN.md §5 (資格確認書, Mynaportal screen, self-declaration).",
          `Reports: ${relative(process.cwd(), dir) || dir}/summary.json and failed-reads.trace.txt (APDU traces, PINs redacted)`,
          "",
        ].join("\n"),
      );
    });
}
