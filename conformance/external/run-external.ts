import { createHash } from "node:crypto";
import { watch } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { consentChoice } from "../../sim/station/counter-station.ts";
import { GeneralPurposeReader, GeneralPurposeReaderSlot, UsbReaderProfiles } from "../../sim/readers/general-purpose/index.ts";
import { IPhoneToken, type PhoneToken } from "../../sim/phones/index.ts";
import { ApduTrace } from "../../sim/trace/index.ts";
import { openEmulatedWorld, type EmulatedWorld } from "../emulated/emulated-world.ts";
import { ObservedDevice } from "../emulated/observed-device.ts";
import { CONSENTS } from "../emulated/scenario-catalogue.ts";
import { TEST_PIN, TEST_SIGN_PASSWORD, WRONG_PIN } from "../emulated/scenario-devices.ts";
import { SCENARIO } from "../observations/scenario-ids.ts";
import type { ObservationSet, PatientAction, ScenarioObservation } from "../observations/scenario-observation.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";
import { secretDigest } from "../requirements/secret-scan.ts";
import { parseDisplayReport } from "./display-report.ts";
import { DisplayReportReceiver } from "./display-report-receiver.ts";
import { EXTERNAL_SCENARIOS, type ExternalScenario, externalNotPlayed } from "./external-scenarios.ts";
import { RecordingProxy } from "./recording-proxy.ts";
import { fillCommand, startVendor, unknownPlaceholder, type VendorExit } from "./vendor-process.ts";
import { readJournalLines } from "../observations/read-journal-lines.ts";
import { vpcdSlotOfName } from "../../sim/transport/vpcd-reader-names.ts";

/** Time after a removal for pcscd to see the reader empty (it polls vpcd every 400 ms). */
const PCSCD_POLL_GAP_MS = 1000;

/** A profile or machine that DUT external cannot run with (exit 2, the message says what to change). */
export class ExternalSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExternalSetupError";
  }
}

/** Options of {@link runExternal}. */
export interface ExternalRunOptions {
  profile: CapabilityProfile;
  /** The profile's file: the vendor program runs in its folder. */
  profileFile: string;
  /** Where observations, RES folders, traces, the service's data and the program's data go. */
  dir: string;
  seed: string;
  /** Play only these scenarios (default: all the profile selects). */
  scenarios?: readonly string[];
  /** A mutant: arguments appended to the command, environment added. */
  extraArgs?: readonly string[];
  extraEnv?: Readonly<Record<string, string>>;
  onScenario?: (o: ScenarioObservation) => void;
}

/** The vpcd slot (0 or 1) of a reader name `… 00 0N`. */
export function vpcdSlotOf(readerName: string): 0 | 1 {
  const slot = vpcdSlotOfName(readerName);
  if (slot === undefined) throw new ExternalSetupError(`generalPurposeReader.name: DUT external puts the emulated devices into pcscd through vpcd, so the reader must be a vpcd slot ("Virtual PCD 00 00" or "… 00 01"), got ${JSON.stringify(readerName)}`);
  return slot;
}

/** Checks what DUT external needs from the profile before anything starts. */
export function checkExternalProfile(profile: CapabilityProfile): { command: string[]; readerName: string; slot: 0 | 1 } {
  if (!profile.command) throw new ExternalSetupError("command: DUT external runs the vendor program given by the profile's `command` (an argv array with placeholders), and this profile has none");
  const bad = unknownPlaceholder(profile.command);
  if (bad) throw new ExternalSetupError(`command: unknown placeholder ${bad} (known: {reader} {serviceUrl} {facilityCode} {facilitySecretFile} {pinFile} {resultFolder} {displayReport} {answers} {dataDir} {scenario})`);
  const readerName = profile.generalPurposeReader?.name;
  if (!readerName) throw new ExternalSetupError("generalPurposeReader: DUT external needs the PC/SC reader the vendor program reads (a vpcd slot)");
  return { command: profile.command, readerName, slot: vpcdSlotOf(readerName) };
}

/** What one run shares across its scenarios. */
interface Stage {
  options: ExternalRunOptions;
  command: string[];
  readerName: string;
  world: EmulatedWorld;
  proxy: RecordingProxy;
  reader: GeneralPurposeReader;
  slot: GeneralPurposeReaderSlot;
  slotErrors: string[];
  secretsDir: string;
  dataDir: string;
  /** `displayReport: {kind: "http"}`: where the vendor program posts its screens. */
  displays: DisplayReportReceiver | undefined;
}

/**
 * DUT external: the emulated online service on 127.0.0.1 behind a recording proxy, emulated devices put into pcscd
 * through a vpcd slot (a general-purpose reader mirrored by GeneralPurposeReaderSlot), and the vendor program of the
 * profile run once per scenario while the suite plays the patient. Observed: the device-side APDU trace, the service's
 * calls and journal, the RES folder, the display report, the program's output.
 */
export async function runExternal(options: ExternalRunOptions): Promise<ObservationSet> {
  const { command, readerName, slot: slotNumber } = checkExternalProfile(options.profile);
  const salt = createHash("sha256").update(`salt:${options.seed}`).digest("hex").slice(0, 32);
  const secrets = [TEST_PIN, WRONG_PIN, TEST_SIGN_PASSWORD];
  const set: ObservationSet = { scenarios: {}, notPlayed: {}, secretDigests: { salt, digests: secrets.map((s) => secretDigest(salt, s)), lengths: [...new Set(secrets.map((s) => s.length))] } };
  for (const id of Object.values(SCENARIO)) {
    const why = externalNotPlayed(id, options.profile);
    if (why !== undefined) (set.notPlayed as Record<string, string>)[id] = why;
  }
  const world = await openEmulatedWorld(join(options.dir, "world"));
  const cleanup: (() => Promise<unknown>)[] = [() => world.close()];
  try {
    const proxy = await RecordingProxy.start(world.server.url);
    cleanup.unshift(() => proxy.close());
    const secretsDir = await mkdtemp(join(tmpdir(), "myna-conformance-"));
    cleanup.unshift(() => rm(secretsDir, { recursive: true, force: true }));
    await writeFile(join(secretsDir, "facility-secret"), `${world.facility.secret}\n`, { mode: 0o600 });
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    let slot: GeneralPurposeReaderSlot;
    try {
      slot = await GeneralPurposeReaderSlot.open(reader, { slot: slotNumber });
    } catch (error) {
      throw new ExternalSetupError(`vpcd slot ${slotNumber} (${readerName}): ${(error as Error).message} — is pcscd running with vsmartcard-vpcd? (\`myna-hil doctor\`)`);
    }
    const slotErrors: string[] = [];
    slot.on("error", (e) => slotErrors.push(e.message));
    cleanup.unshift(() => slot.close());
    const dataDir = join(options.dir, "vendor-data");
    await mkdir(dataDir, { recursive: true });
    let displays: DisplayReportReceiver | undefined;
    if (options.profile.displayReport.kind === "http") {
      try {
        displays = await DisplayReportReceiver.start(options.profile.displayReport.url);
      } catch (error) {
        throw new ExternalSetupError(`${(error as Error).message} (the suite listens there for the vendor program's screens)`);
      }
      const started = displays;
      cleanup.unshift(() => started.close());
    }
    const stage: Stage = { options, command, readerName, world, proxy, reader, slot, slotErrors, secretsDir, dataDir, displays };
    for (const scenario of EXTERNAL_SCENARIOS) {
      if (set.notPlayed?.[scenario.id] !== undefined) continue;
      if (options.scenarios && !options.scenarios.includes(scenario.id)) continue;
      const o = await playExternal(stage, scenario);
      set.scenarios[o.scenario] = o;
      options.onScenario?.(o);
    }
  } finally {
    for (const c of cleanup) await c().catch(() => undefined);
  }
  return set;
}

/** Waits until `test` holds or `ms` pass (polling). */
async function until(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!test()) {
    if (performance.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

async function playExternal(stage: Stage, s: ExternalScenario): Promise<ScenarioObservation> {
  const started = performance.now();
  const { options, world, proxy, reader, slot } = stage;
  const dir = join(options.dir, "scenarios", s.id);
  const resDir = join(dir, options.profile.resultFiles?.folder ?? "RES");
  const displayPath = options.profile.displayReport.kind === "jsonl" ? resolve(dir, options.profile.displayReport.path) : join(dir, "display-report.jsonl");
  const answersPath = join(dir, "patient-answers.json");
  await mkdir(resDir, { recursive: true });
  await mkdir(dirname(displayPath), { recursive: true });
  await writeFile(displayPath, "");
  const trace = new ApduTrace();
  const originMs = Date.now() - trace.now();
  stage.displays?.begin();
  const httpLines: string[] = [];
  const o: ScenarioObservation = { scenario: s.id, title: s.title, device: s.device, apdus: [], screens: [], service: [], journal: [], resultFiles: [], resEvents: [], logs: [], patient: [], facts: {}, durationMs: 0 };
  proxy.sink = { calls: o.service, http: httpLines, now: () => trace.now(), failQualify: s.serviceDown === true };
  const journalBefore = (await readJournalLines(world.journalFile)).length;
  const watcher = watch(resDir, (event, name) => o.resEvents.push({ event, name: String(name ?? "") }));
  const timers = new Set<NodeJS.Timeout>();
  let vendor: ReturnType<typeof startVendor> | undefined;
  let exit: VendorExit | undefined;
  let phone: PhoneToken | undefined;
  const act = (action: PatientAction["action"], detail?: string) => {
    o.patient.push({ at: trace.now(), action, ...(detail !== undefined ? { detail } : {}) });
    trace.event("patient", `patient:${action}`, detail !== undefined ? { detail } : {});
  };
  try {
    const prepared = await s.prepare(world);
    o.facts = { ...prepared.facts };
    phone = prepared.phone;
    const device = new ObservedDevice(prepared.device, trace);
    const hold = () => {
      phone?.enterField();
      act("hold", "general-purpose");
      reader.hold(device);
    };
    const takeAway = (action: "remove" | "leaveField") => {
      act(action);
      reader.remove();
      phone?.leaveField();
    };
    const biometric = () => {
      if (!(phone instanceof IPhoneToken)) return;
      act("biometric", "face");
      phone.performBiometric("face");
    };
    const pinFile = join(stage.secretsDir, "pin");
    await writeFile(pinFile, s.pin !== undefined ? `${s.pin}\n` : "", { mode: 0o600 });
    await chmod(pinFile, 0o600);
    await writeFile(answersPath, `${JSON.stringify({ consent: consentChoice(CONSENTS).consent, prescription: CONSENTS.prescription })}\n`);
    const argv = [
      ...fillCommand(stage.command, {
        reader: stage.readerName,
        serviceUrl: proxy.url,
        facilityCode: world.facility.medicalInstitutionCode,
        facilitySecretFile: join(stage.secretsDir, "facility-secret"),
        pinFile,
        resultFolder: resDir,
        displayReport: stage.displays?.url ?? displayPath,
        answers: answersPath,
        dataDir: stage.dataDir,
        scenario: s.id,
      }),
      ...(options.extraArgs ?? []),
    ];
    const env: NodeJS.ProcessEnv = { ...process.env, MYNA_CONFORMANCE_SCENARIO: s.id, MYNA_CONFORMANCE_FACILITY_SECRET: world.facility.secret, ...(options.extraEnv ?? {}) };
    delete env.MYNA_CONFORMANCE_PIN;
    if (s.pin !== undefined) env.MYNA_CONFORMANCE_PIN = s.pin;
    const timeoutMs = (options.profile.commandTimeoutSeconds ?? 45) * 1000;
    vendor = startVendor(argv, { cwd: dirname(resolve(options.profileFile)), env, timeoutMs });
    const running = vendor;
    void running.exited.then((e) => (exit = e));
    // The terminal is up and waiting before the patient comes to the counter.
    await sleep(400);
    if (s.script === "removed-mid-read") {
      device.afterProcess = (command) => {
        // Mid-certificate: after the first READ BINARY at offset 256 or more the phone leaves the field, and comes
        // back 1.5 s later.
        if (command[1] !== 0xb0 || ((((command[2] ?? 0) & 0x7f) << 8) | (command[3] ?? 0)) < 256) return;
        device.afterProcess = undefined;
        setImmediate(() => {
          takeAway("leaveField");
          const t = setTimeout(() => {
            timers.delete(t);
            if (running.running()) hold();
          }, 1500);
          timers.add(t);
        });
      };
    }
    if (s.script !== "biometric-late") biometric();
    hold();
    await slot.settled();
    if (s.script === "biometric-late") {
      // Wait until the program was refused (6982) or ended; then Face ID, take the phone away, hold it again.
      const refused = () => trace.entries.some((e) => e.direction === "response" && e.bytes.length >= 2 && e.bytes[e.bytes.length - 2] === 0x69 && e.bytes[e.bytes.length - 1] === 0x82);
      await until(() => refused() || !running.running(), 15_000);
      if (running.running()) {
        await sleep(300);
        biometric();
        takeAway("remove");
        await sleep(1500);
        hold();
      }
    }
    const final = await running.exited;
    exit = final;
    if (final.spawnError !== undefined) o.harnessError = `the vendor program did not start: ${final.spawnError} (command: ${argv[0]})`;
  } catch (error) {
    o.harnessError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    for (const t of timers) clearTimeout(t);
    if (vendor?.running()) {
      vendor.stop();
      exit = await vendor.exited;
    }
    reader.remove();
    phone?.leaveField();
    await slot.settled().catch((e: unknown) => stage.slotErrors.push((e as Error).message));
    // pcscd learns of vpcd's card by polling (400 ms in pcsc-lite): let it see the reader empty before the next visit.
    await sleep(PCSCD_POLL_GAP_MS);
    watcher.close();
  }
  if (exit) {
    o.facts.vendorExitCode = exit.code ?? -1;
    if (exit.timedOut) o.facts.vendorTimedOut = true;
    o.logs.push({ name: "vendor.log", text: exit.output });
  }
  const names = (await readdir(resDir).catch(() => [] as string[])).sort();
  for (const name of names.filter((n) => n.endsWith(".xml") && !n.startsWith("."))) o.resultFiles.push({ name, xml: await readFile(join(resDir, name), "utf8") });
  const leftovers = names.filter((n) => !n.endsWith(".xml") || n.startsWith("."));
  if (leftovers.length > 0) o.facts.resLeftovers = leftovers.join(", ");
  o.journal = (await readJournalLines(world.journalFile)).slice(journalBefore);
  if (options.profile.displayReport.kind === "jsonl" || stage.displays !== undefined) {
    const received = stage.displays?.take();
    const { screens, problems: lineProblems } = parseDisplayReport(received !== undefined ? received.text : await readFile(displayPath, "utf8").catch(() => ""), originMs);
    const problems = [...(received?.problems ?? []), ...lineProblems];
    o.screens = screens;
    if (received !== undefined) await writeFile(displayPath, received.text); // kept with the scenario, as a jsonl report is
    if (problems.length > 0) {
      o.facts.displayReportProblems = problems.length;
      o.logs.push({ name: "display-report problems", text: problems.join("\n") });
    }
  }
  if (stage.slotErrors.length > 0) o.logs.push({ name: "vpcd slot", text: stage.slotErrors.splice(0).join("\n") });
  o.logs.push({ name: "http.log", text: httpLines.join("\n") });
  o.apdus = trace.toJSON();
  await writeFile(join(dir, "apdu-trace.txt"), trace.toText());
  await writeFile(join(dir, "vendor.log"), exit?.output ?? "");
  await writeFile(join(dir, "http.log"), `${httpLines.join("\n")}\n`);
  o.durationMs = performance.now() - started;
  return o;
}
