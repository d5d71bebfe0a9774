import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import type { Command } from "commander";
import { runClinicDay } from "../../scenarios/clinic/clinic-day.ts";
import type { FacilityType } from "../../scenarios/clinic/clinic-day-options.ts";
import { findReaderModel, READER_MODELS } from "../../sim/readers/face-auth/reader-models.ts";
import { traceToPcapng, WIRESHARK_HINT } from "../../sim/trace/index.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError } from "../cli-error.ts";
import { padDisplay } from "../display-width.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";
import { describeVisit, formatDaySummary } from "../run/day-summary.ts";

interface RunFlags {
  facility: string;
  reader: string;
  patients: string;
  phoneShare: string;
  seed?: string;
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
    .option("--seed <s>", "seed for who comes and what they do (default: random, printed)")
    .option("--out <dir>", "where reports go", "reports")
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
      const outDir = join(flags.out, `run-${new Date().toISOString().replace(/[:.]/g, "-")}`);
      await mkdir(outDir, { recursive: true });
      const { io } = context;
      io.out(
        [
          `myna-hil run — a simulated counter day at a ${flags.facility}, face-auth reader ${readerModel.maker} ${readerModel.model}`,
          `  ${patients} patients, ${Math.round(phoneShare * 100)}% with a phone, seed ${seed} (repeat with --seed ${seed})`,
          "  What happens: the emulated online qualification service starts on 127.0.0.1 (real HTTP, journal on disk).",
          "  Each patient's My Number Card or phone (RSA-2048 keys, X.509 certificates from the test JPKI CA) is served on",
          "  its own WebSocket; the face-auth reader reads it with real APDUs (SELECT, READ BINARY, VERIFY, COMPUTE DIGITAL",
          "  SIGNATURE over the service's fresh challenge), the patient consents on its screens, the terminal asks the service",
          "  and writes an OQSsiquc01res_face_*.xml result file, as the receipt computer expects.",
          "",
        ].join("\n"),
      );
      const width = String(patients).length;
      const day = await runClinicDay({ facilityType: flags.facility as FacilityType, readerModel, patients, phoneShare, seed, outDir }, (v) => {
        const who = padDisplay(`${v.persona.id} ${v.persona.name}`, 18);
        const path = padDisplay(v.outcome.path, 11);
        io.out(`  [${String(v.index).padStart(width)}/${patients}] ${who} ${path} ${v.durationMs.toFixed(0).padStart(5)} ms  ${describeVisit(v)}\n`);
      });
      const summary = formatDaySummary(day, patients);
      const pcap = join(outDir, "apdu-trace.pcapng");
      await writeFile(pcap, traceToPcapng(day.trace.entries, day.trace.startedAt));
      await writeFile(join(outDir, "apdu-trace.txt"), `# ${WIRESHARK_HINT.replace("TRACE.pcapng", basename(pcap))}\n${day.trace.toText()}`);
      await writeFile(join(outDir, "summary.txt"), `${summary}\n`);
      await writeFile(
        join(outDir, "summary.json"),
        `${JSON.stringify(
          {
            seed,
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
