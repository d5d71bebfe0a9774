import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import type { Command } from "commander";
import { runClinicDay } from "../../scenarios/clinic/clinic-day.ts";
import { dayOpening, FIRST_DAY, LAST_DAY, seededDayDate } from "../../scenarios/clinic/clinic-day-date.ts";
import type { FacilityType } from "../../scenarios/clinic/clinic-day-options.ts";
import { findReaderModel, READER_MODELS } from "../../sim/readers/face-auth/reader-models.ts";
import { ApduTrace, TraceFileWriter, WIRESHARK_HINT } from "../../sim/trace/index.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError } from "../cli-error.ts";
import { padDisplay } from "../display-width.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";
import { parseOutputDirectory } from "../parse-output-path.ts";
import { describeVisit, formatDaySummary } from "../run/day-summary.ts";

interface RunFlags {
  facility: string;
  reader: string;
  patients: string;
  phoneShare: string;
  seed?: string;
  date?: string;
  out: string;
}

const FACILITIES: readonly FacilityType[] = ["hospital", "clinic", "dental", "pharmacy"];

/**
 * `myna-hil run`: the main job on the embedded default — a simulated counter day with live progress, a summary and
 * reports under `reports/`.
 */
export function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command("run")
    .description("the main job: a simulated counter day (card, iPhone and Android patients) against the emulated national service")
    .option("--facility <type>", "hospital, clinic, dental or pharmacy", "clinic")
    .option("--reader <model>", `face-auth reader model (${READER_MODELS.map((m) => m.id).join(", ")})`, "panasonic-xc-stfr1j-mn")
    .option("--patients <n>", "number of patients", "30")
    .option("--phone-share <p>", "share of patients who come with a phone, 0–1 (national July 2025: 0.0054)", "0.25")
    .option("--seed <s>", "seed for who comes and what they do, a decimal number (default: random, printed)")
    .option("--date <YYYY-MM-DD>", `the day's date, ${FIRST_DAY}…${LAST_DAY}: ages, certificate validity and eligibility are judged on it (default: chosen by the seed, printed)`)
    .option("--out <dir>", "where reports go: a run-<time> folder inside it (created if missing)", "reports")
    .action(async (flags: RunFlags) => {
      if (!FACILITIES.includes(flags.facility as FacilityType)) throw new UsageError(`--facility: must be one of ${FACILITIES.join(", ")}, got "${flags.facility}"`);
      let readerModel;
      try {
        readerModel = findReaderModel(flags.reader);
      } catch (e) {
        throw new UsageError(`--reader: ${(e as Error).message}`);
      }
      const patients = parseNumberFlag(flags.patients, "--patients", { min: 1, max: 5_000 });
      const phoneShare = parseNumberFlag(flags.phoneShare, "--phone-share", { min: 0, max: 1, integer: false });
      const seed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : parseNumberFlag(flags.seed, "--seed", { min: 0, max: 2 ** 32 - 1 });
      const date = flags.date ?? seededDayDate(seed);
      try {
        dayOpening(date);
      } catch (e) {
        throw new UsageError(`--date: ${(e as Error).message}`);
      }
      const outDir = join(await parseOutputDirectory(flags.out, "--out"), `run-${new Date().toISOString().replace(/[:.]/g, "-")}`);
      await mkdir(outDir);
      const { io } = context;
      io.out(
        [
          `myna-hil run — a simulated counter day at a ${flags.facility}, face-auth reader ${readerModel.maker} ${readerModel.model}`,
          `  ${patients} patients, ${Math.round(phoneShare * 100)}% with a phone, seed ${seed}, date ${date} (repeat with --seed ${seed}${flags.date === undefined ? "" : ` --date ${date}`})`,
          "  What happens: the emulated online qualification service starts on 127.0.0.1 (real HTTP, journal on disk).",
          "  Each patient's My Number Card or phone (RSA-2048 keys, X.509 certificates from the test JPKI CA) is served on",
          "  its own WebSocket; the face-auth reader reads it with real APDUs (SELECT, READ BINARY, VERIFY, COMPUTE DIGITAL",
          "  SIGNATURE over the service's fresh challenge), the patient consents on its screens, the terminal asks the service",
          "  and writes an OQSsiquc01res_face_*.xml result file, as the receipt computer expects.",
          "",
        ].join("\n"),
      );
      const width = String(patients).length;
      // The day's APDUs stream to disk as they happen; memory keeps a bounded tail only.
      const trace = new ApduTrace({ limit: 10_000, maxBytes: 8 * 1024 * 1024 });
      const traceFiles = TraceFileWriter.open({
        pcapngPath: join(outDir, "apdu-trace.pcapng"),
        textPath: join(outDir, "apdu-trace.txt"),
        startedAt: trace.startedAt,
        header: `# ${WIRESHARK_HINT.replace("TRACE.pcapng", "apdu-trace.pcapng")}`,
      });
      const unsubscribe = trace.subscribe((entry) => traceFiles.write(entry));
      let day;
      try {
        day = await runClinicDay({ facilityType: flags.facility as FacilityType, readerModel, patients, phoneShare, seed, date, outDir, trace }, (v) => {
          const who = padDisplay(`${v.persona.id} ${v.persona.name}`, 18);
          const path = padDisplay(v.outcome.path, 11);
          io.out(`  [${String(v.index).padStart(width)}/${patients}] ${who} ${path} ${v.durationMs.toFixed(0).padStart(5)} ms  ${describeVisit(v)}\n`);
        });
      } finally {
        unsubscribe();
        traceFiles.close();
      }
      if (traceFiles.error) io.err(`warning: the APDU trace is incomplete: ${traceFiles.error.message}\n`);
      if (day.deviceBusErrors.count > 0) {
        io.err(`warning: ${day.deviceBusErrors.count} device-bus error(s); first: ${day.deviceBusErrors.first.slice(0, 3).join(" | ")}\n`);
      }
      const summary = formatDaySummary(day, patients);
      await writeFile(join(outDir, "summary.txt"), `${summary}\n`);
      await writeFile(
        join(outDir, "summary.json"),
        `${JSON.stringify(
          {
            seed,
            date: day.date,
            facility: day.facility,
            readerModel: readerModel.id,
            patients,
            phoneShare,
            usage: day.usage,
            seconds: day.seconds,
            visits: day.visits.map((v) => ({ ...v, outcome: v.outcome.kind === "reader-stopped" ? v.outcome : { ...v.outcome, resultFile: basename(v.outcome.resultFile) } })),
          },
          null,
          2,
        )}\n`,
      );
      const rel = relative(process.cwd(), outDir) || outDir;
      io.out(
        [
          "",
          summary,
          "",
          `Reports in ${rel}/:`,
          "  summary.txt, summary.json      this summary and every visit",
          "  RES/OQSsiquc01res_face_*.xml    the result files the receipt computer reads (public field names; the vendor layout is not public)",
          "  fallbacks.jsonl                 fallbacks (資格確認書, Mynaportal screen …), never counted as uses",
          `  apdu-trace.pcapng, .txt         every APDU the reader exchanged, PINs redacted — ${WIRESHARK_HINT.replace("TRACE.pcapng", "apdu-trace.pcapng")}`,
          "  onshi/                          the service's journal (consents, counts survive a restart)",
          "",
        ].join("\n"),
      );
    });
}
