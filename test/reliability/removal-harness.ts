import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { MyNumberCard } from "../../sim/cards/index.ts";
import type { QualificationService } from "../../sim/contract/qualification-service.ts";
import { CertificateLinks, createOnshiApp, type FacilityCredentials, generateTestFacilities, OnshiClient, OnshiService, type UsageCounts } from "../../sim/onshi/index.ts";
import type { JpkiAuthority } from "../../sim/pki/index.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, PhoneRegistry } from "../../sim/phones/index.ts";
import { printedCardFaces } from "../../sim/readers/face-auth/card-face-scanner.ts";
import { ManualClock } from "../../sim/readers/face-auth/manual-clock.ts";
import { PANASONIC_XC_STFR1J_MN } from "../../sim/readers/face-auth/reader-models.ts";
import { screenState, type ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import { GeneralPurposeReader, type ProcessingTime, UsbReaderProfiles } from "../../sim/readers/general-purpose/index.ts";
import type { RuleSwitchboard } from "../../sim/rules/index.ts";
import { CounterStation, type ReaderRegistry } from "../../sim/station/index.ts";
import { ApduTrace } from "../../sim/trace/index.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

/**
 * The removal matrix's bench (test/reliability): one counter per cell — in-process service with its own usage counters
 * and rules, a Panasonic face-auth reader whose card antenna and general-purpose reader are in-process
 * `GeneralPurposeReader`s — and the patient's devices shared by every cell (their PIN counters must survive them all).
 * Time on the reader, the iPhone and the service is one {@link ManualClock}; only the re-hold delay moves it.
 */

/** The five identity paths at the counter (docs/domain/counter-flow.md#identity-check). */
export const FLOWS = ["card-face", "card-pin", "card-visual", "iphone", "android"] as const;
export type Flow = (typeof FLOWS)[number];

/**
 * When the device leaves, relative to APDU k: `before` — it is gone when the command is sent (the device never sees
 * it); `while` — the device received and processed it, and left before the answer came back (a PIN try, a signature
 * counts on the device; docs/domain/read-failures.md#radio "moved away between the PIN step and the next command").
 */
export type RemovalMode = "before" | "while";

/** One cell: a flow, the removed APDU's index in that flow's read, how, and the manual-clock pause before holding again. */
export interface Cell {
  flow: Flow;
  k: number;
  mode: RemovalMode;
  reholdDelayMs: number;
}

/** Bugs a test can plant to show the invariants notice them. */
export interface Plant {
  /** Rules switched off on the service and the reader. */
  rules?: RuleSwitchboard;
  /**
   * A faulty terminal that reports an abandoned read to the service (the certificate it saw, no valid proof) when the
   * reader stops after a removal: harmless while the service counts answered qualifications only.
   */
  reportAbandonedReads?: boolean;
}

const PERSONA = { card: "P0001", iphone: "P0002", android: "P0004" } as const;
const PIN = "1234";
const CONSENT_ANSWERS: Partial<Record<ScreenStateId, boolean | "electronic">> = {
  "consent-drug": true,
  "consent-health-check": false,
  "consent-clinical": true,
  "consent-surgery": false,
  "consent-cost-cap": false,
  "consent-prescription": "electronic",
};
/** Reader states where it works on its own (the driver waits). */
const BUSY: ReadonlySet<ScreenStateId> = new Set(["card-reading", "phone-reading", "card-pin-verifying", "card-attesting", "face-photo-reading", "paper-card-reading"]);
/** Real-time bound of one screen change; nothing in a cell sleeps, so a screen that takes this long hangs. */
const SCREEN_BOUND_MS = 3_000;

/** What every cell shares: the clock, the authority, the facility, the patient's card and phones, their links. */
export interface Bench {
  clock: ManualClock;
  authority: JpkiAuthority;
  facility: FacilityCredentials;
  facilities: readonly FacilityCredentials[];
  links: CertificateLinks;
  card: MyNumberCard;
  iphone: IPhoneToken;
  android: AndroidPhoneToken;
  dir: string;
  close(): Promise<void>;
}

/** Issues the card and provisions both phones (keys from the shared on-disk cache). */
export async function openBench(): Promise<Bench> {
  const start = Date.parse("2025-10-01T01:00:00Z"); // after the start of phone use (docs/domain/timeline.md)
  const clock = new ManualClock(start);
  const now = (): number => clock.now();
  const cards = freshCardRegistry({ now: new Date(start) });
  const authority = await cards.authority();
  const links = new CertificateLinks();
  const facilities = generateTestFacilities();
  const facility = facilities[0];
  if (facility === undefined) throw new Error("no test facility");
  const card = await cards.card(PERSONA.card);
  links.register(card.authCertificate.serialNumber, PERSONA.card, "card");
  const phones = new PhoneRegistry({ authority, keyStore: KeyStore.shared(), clock: now });
  const iphone = new IPhoneToken({ id: "reliability-iphone", model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"], clock: now });
  const android = new AndroidPhoneToken({ id: "reliability-android", model: phoneModel("Pixel 8", "14") });
  for (const [phone, kind] of [
    [iphone, "iphone"],
    [android, "android"],
  ] as const) {
    const persona = PERSONA[kind];
    const owner = await cards.card(persona);
    const result = await phones.provision({ phone, card: owner, cardSignPassword: "MYNA2025", cardInfoPin: PIN, healthInsuranceRegistered: true });
    if (!result.ok) throw new Error(`provisioning ${persona} refused: ${result.refusal.reason}`);
    links.register(result.record.certificates.auth.serialNumber, persona, kind);
  }
  const dir = await mkdtemp(join(tmpdir(), "myna-removal-"));
  return { clock, authority, facility, facilities, links, card, iphone, android, dir, close: () => rm(dir, { recursive: true, force: true }) };
}

/** Tries left of every PIN counter of the card and both phones, by `device.counter`. */
export function pinSnapshot(bench: Bench): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, counter] of Object.entries(bench.card.pins)) out[`card.${name}`] = counter.triesLeft;
  for (const [label, phone] of [
    ["iphone", bench.iphone],
    ["android", bench.android],
  ] as const)
    for (const [name, counter] of Object.entries(phone.pins ?? {})) out[`${label}.${name}`] = counter.triesLeft;
  return out;
}

/** Usage counters that moved, with their deltas. */
function usageDelta(after: UsageCounts, before: UsageCounts): Partial<Record<keyof UsageCounts, number>> {
  const moved: Partial<Record<keyof UsageCounts, number>> = {};
  for (const key of Object.keys(after) as (keyof UsageCounts)[]) if (after[key] !== before[key]) moved[key] = after[key] - before[key];
  return moved;
}

/** The usage one answered qualification of `flow` moves. */
function oneUse(flow: Flow): Partial<Record<keyof UsageCounts, number>> {
  if (flow === "iphone") return { onlineQualifications: 1, myNumberUses: 1, phoneUses: 1, iphoneUses: 1 };
  if (flow === "android") return { onlineQualifications: 1, myNumberUses: 1, phoneUses: 1, androidUses: 1 };
  return { onlineQualifications: 1, myNumberUses: 1, cardUses: 1 };
}

function sameCounts(a: Partial<Record<string, number>>, b: Partial<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/** Where the read of `flow` stops when the device leaves mid-read (docs/domain/fallbacks.md, screen-machine). */
export function expectedStop(flow: Flow): ScreenStateId {
  return flow === "iphone" || flow === "android" ? "guidance-phone-read-failed" : "error-001";
}

/** One fresh counter: service, reader, both fields, RES folder, trace. */
interface Counter {
  station: CounterStation;
  client: OnshiClient;
  service: OnshiService;
  calls: { requestChallenge: number; qualify: number };
  antenna: GeneralPurposeReader;
  gp: GeneralPurposeReader;
  trace: ApduTrace;
  resDir: string;
  close(): Promise<void>;
}

let counterSeq = 0;

async function openCounter(bench: Bench, plant: Plant): Promise<Counter> {
  const { clock } = bench;
  const dir = join(bench.dir, `counter-${++counterSeq}`);
  const service = await OnshiService.open({
    authority: bench.authority,
    facilities: bench.facilities,
    dataDir: null,
    links: bench.links,
    clock: () => new Date(clock.now()),
    sync: "none",
    ...(plant.rules ? { rules: plant.rules } : {}),
  });
  const app = createOnshiApp(service);
  const client = new OnshiClient({
    baseUrl: "http://onshi.invalid",
    medicalInstitutionCode: bench.facility.medicalInstitutionCode,
    secret: bench.facility.secret,
    fetch: (input, init) => Promise.resolve(app.fetch(new Request(input, init))),
  });
  const calls = { requestChallenge: 0, qualify: 0 };
  const counted: QualificationService & ReaderRegistry = {
    requestChallenge: () => {
      calls.requestChallenge++;
      return client.requestChallenge();
    },
    qualify: (proof, options) => {
      calls.qualify++;
      return client.qualify(proof, options);
    },
    recordConsent: (id, consent) => client.recordConsent(id, consent),
    queryInsurance: (request) => client.queryInsurance(request),
    registerReader: (id, key) => client.registerReader(id, key),
  };
  const antenna = new GeneralPurposeReader({ ...UsbReaderProfiles.rcS300P, id: "facr-antenna", name: `${PANASONIC_XC_STFR1J_MN.model} card antenna` });
  const gp = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
  const trace = new ApduTrace({ limit: 20_000 });
  const resDir = join(dir, "RES");
  const station = await CounterStation.open({
    profile: PANASONIC_XC_STFR1J_MN,
    service: counted,
    medicalInstitutionCode: bench.facility.medicalInstitutionCode,
    resDir,
    keyStore: KeyStore.shared(),
    serial: "0001", // one reader key for every cell (cached)
    clock,
    cardFaceScanner: (input) => printedCardFaces([bench.card])(input),
    trace,
    cardSlotPort: antenna,
    generalPurposePort: gp,
    generalPurposeReader: true,
    generalPurposeReaderName: gp.name,
    ...(plant.rules ? { rules: plant.rules } : {}),
  });
  return {
    station,
    client,
    service,
    calls,
    antenna,
    gp,
    trace,
    resDir,
    close: async () => {
      antenna.remove();
      gp.remove();
      await station.close();
      await service.close();
    },
  };
}

/** Resolves at the reader's next screen (or at once if it already left `from`); rejects after {@link SCREEN_BOUND_MS}. */
function nextScreen(station: CounterStation, from: ScreenStateId): Promise<void> {
  const reader = station.reader;
  if (reader.state !== from) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      reader.off("screen", done);
      resolve();
    };
    const timer = setTimeout(() => {
      reader.off("screen", done);
      const tail = reader.history.slice(-4).map((s) => `${s.from} --${s.event}--> ${s.to}`).join("; ");
      reject(new Error(`hang: reader stayed on ${from} for ${SCREEN_BOUND_MS} ms of real time (${tail})`));
    }, SCREEN_BOUND_MS);
    reader.on("screen", done);
  });
}

function isStop(state: ScreenStateId): boolean {
  const kind = screenState(state).kind;
  return (kind === "error" || kind === "guidance" || state === "pin-locked" || state === "face-locked" || state === "face-unavailable") && state !== "guidance-operate-first";
}

/**
 * Drives the patient through `flow` from the top screen until the result screen or a stop (error/guidance) screen,
 * holding the device with `timing` (the removal hook). Never moves the clock; every wait is bounded in real time.
 */
async function drive(bench: Bench, counter: Counter, flow: Flow, timing: ProcessingTime): Promise<ScreenStateId> {
  const { station } = counter;
  const reader = station.reader;
  let held = false;
  for (let step = 0; step < 60; step++) {
    const state = reader.state;
    if (state === "result" || isStop(state)) return state;
    if (!BUSY.has(state)) act(state);
    await nextScreen(station, state);
  }
  throw new Error(`no end after 60 screens (on ${reader.state})`);

  function act(state: ScreenStateId): void {
    switch (state) {
      case "standby":
        if (flow === "iphone" || flow === "android") reader.choosePhone();
        else if (!held) {
          held = true;
          counter.antenna.hold(bench.card, { timing });
        }
        return;
      case "os-choice":
        reader.chooseOs(flow === "iphone" ? "iphone" : "android");
        return;
      case "android-pin-entry":
      case "card-pin-entry":
        reader.enterPin(PIN);
        return;
      case "phone-hold":
        if (flow === "iphone") bench.iphone.performBiometric("face");
        counter.gp.hold(flow === "iphone" ? bench.iphone : bench.android, { timing });
        return;
      case "method-choice":
        if (flow === "card-face") reader.chooseFace();
        else if (flow === "card-pin") reader.choosePin();
        else reader.staffVisualCheck();
        return;
      case "face-match":
        reader.faceCameraScore(0.95);
        return;
      case "expiry-alert":
        reader.acknowledge();
        return;
      default: {
        const answer = CONSENT_ANSWERS[state];
        if (answer === undefined) throw new Error(`the driver has no move on ${state}`);
        reader.consent(answer);
      }
    }
  }
}

/** The commands of one recorded read, as `INS` names for the table (e.g. `A4 A4 A4 B0 … 2A`). */
export interface FlowRecording {
  flow: Flow;
  /** Every command the reader sent, header hex (`00A4040C`…), in order. */
  commands: string[];
}

const headerHex = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(0, 4)).toString("hex").toUpperCase();

/** Runs `flow` once without removal and records its APDU sequence (also checks that the clean flow qualifies). */
export async function recordFlow(bench: Bench, flow: Flow): Promise<FlowRecording> {
  const counter = await openCounter(bench, {});
  try {
    const commands: string[] = [];
    const stop = counter.trace.subscribe((e) => {
      if (e.direction === "command") commands.push(headerHex(e.bytes));
    });
    const end = await drive(bench, counter, flow, () => 0);
    stop();
    if (end !== "result") throw new Error(`clean ${flow} read ended on ${end}: ${counter.station.reader.lastProblem?.detail ?? ""}`);
    await counter.station.finish(requireResult(counter));
    return { flow, commands };
  } finally {
    await counter.close();
  }
}

function requireResult(counter: Counter) {
  const result = counter.station.reader.result;
  if (!result) throw new Error("result screen without a result");
  return result;
}

/** What a cell saw; {@link violations} judges it. */
export interface CellObservation {
  cell: Cell;
  /** The command sent at index k (header hex), once removed. */
  removedAt: string | undefined;
  /** Where the first attempt ended. */
  firstEnd: ScreenStateId;
  /** The reader's problem after the first attempt (event and detail). */
  problem: { event: string; detail: string } | undefined;
  /** Manual-clock ms between the removal and the stop screen (must be 0: the reader notices, no time-out needed). */
  manualMsToStop: number;
  /** RES folder after the first attempt (every name, dot files included). */
  resAfterFirst: string[];
  usageAfterFirst: Partial<Record<keyof UsageCounts, number>>;
  qualifyCallsAfterFirst: number;
  pinsChangedAfterFirst: string[];
  /** After the retry (undefined when the first attempt completed and no retry was needed). */
  retryEnd: ScreenStateId | undefined;
  resAtEnd: string[];
  /** Result files that are not well-formed XML or do not say ProcessingResultStatus 1. */
  badResultFiles: string[];
  usageAtEnd: Partial<Record<keyof UsageCounts, number>>;
  pinsChangedAtEnd: string[];
  /** Wall time of the cell (ms). */
  wallMs: number;
}

const xml = new XMLParser({ parseTagValue: false, processEntities: false });

async function checkResultFile(file: string): Promise<boolean> {
  const text = await readFile(file, "utf8");
  if (XMLValidator.validate(text) !== true) return false;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test-side view of an XML document
  const doc = (xml.parse(text) as { XmlMsg?: any }).XmlMsg;
  return doc?.MessageBody?.ProcessingResultStatus === "1";
}

function changedPins(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(before).filter((k) => before[k] !== after[k]).map((k) => `${k} ${before[k]}→${after[k]}`);
}

/** Runs one cell on a fresh counter: the flow with the device leaving at APDU k, then (if it failed) a retry. */
export async function runCell(bench: Bench, cell: Cell, plant: Plant = {}): Promise<CellObservation> {
  const t0 = performance.now();
  const counter = await openCounter(bench, plant);
  const { station, clock } = { station: counter.station, clock: bench.clock };
  const port = cell.flow === "iphone" || cell.flow === "android" ? counter.gp : counter.antenna;
  try {
    const usage0 = await counter.client.usage();
    const pins0 = pinSnapshot(bench);
    let sent = 0;
    let removedAt: string | undefined;
    let removedClock = 0;
    let armed = true;
    const removeNow = (command: string): void => {
      armed = false;
      removedAt = command;
      removedClock = clock.now();
      port.remove();
    };
    let lastCommand = "";
    const stopTrace = counter.trace.subscribe((e) => {
      if (e.direction !== "command") return;
      const index = sent++;
      lastCommand = headerHex(e.bytes);
      if (armed && cell.mode === "before" && index === cell.k) removeNow(lastCommand);
    });
    // Called by the reader right after the device processed a command, before its answer returns.
    const timing: ProcessingTime = () => {
      if (armed && cell.mode === "while" && sent - 1 === cell.k) removeNow(lastCommand);
      return 0;
    };
    const firstEnd = await drive(bench, counter, cell.flow, timing);
    armed = false;
    const manualMsToStop = removedAt === undefined ? 0 : clock.now() - removedClock;
    const reader = station.reader;
    const problem = reader.lastProblem ? { event: reader.lastProblem.event, detail: reader.lastProblem.detail } : undefined;

    let retryEnd: ScreenStateId | undefined;
    if (firstEnd === "result") {
      await station.finish(requireResult(counter));
    } else if (plant.reportAbandonedReads) {
      // The planted faulty terminal: it tells the service about the read that never completed.
      const challenge = await counter.client.requestChallenge();
      const kind = cell.flow === "iphone" || cell.flow === "android" ? cell.flow : "card";
      const certificate = kind === "card" ? bench.card.authCertificate.der : (bench[kind].certificates?.auth.der ?? new Uint8Array(0));
      await counter.client
        .qualify({ deviceKind: kind, method: kind === "iphone" ? "biometric" : "pin", certificate, challengeId: challenge.challengeId, challenge: challenge.challenge, deviceSignature: new Uint8Array(256) })
        .catch(() => undefined);
    }
    const resAfterFirst = await listAll(counter.resDir);
    const usageAfterFirst = usageDelta(await counter.client.usage(), usage0);
    const qualifyCallsAfterFirst = counter.calls.qualify;
    const pinsChangedAfterFirst = changedPins(pins0, pinSnapshot(bench));
    stopTrace();

    if (firstEnd !== "result") {
      // The patient holds the device again after a pause: the stop screen may time out to the top screen meanwhile.
      clock.advance(cell.reholdDelayMs);
      if (reader.state !== "standby") reader.acknowledge();
      if (reader.state !== "standby") throw new Error(`not back on the top screen before the retry (on ${reader.state})`);
      retryEnd = await drive(bench, counter, cell.flow, () => 0);
      if (retryEnd === "result") await station.finish(requireResult(counter));
    }
    const resAtEnd = await listAll(counter.resDir);
    const badResultFiles: string[] = [];
    for (const name of resAtEnd) if (!name.startsWith(".") && !(await checkResultFile(join(counter.resDir, name)))) badResultFiles.push(name);
    return {
      cell,
      removedAt,
      firstEnd,
      problem,
      manualMsToStop,
      resAfterFirst,
      usageAfterFirst,
      qualifyCallsAfterFirst,
      pinsChangedAfterFirst,
      retryEnd,
      resAtEnd,
      badResultFiles,
      usageAtEnd: usageDelta(await counter.client.usage(), usage0),
      pinsChangedAtEnd: changedPins(pins0, pinSnapshot(bench)),
      wallMs: performance.now() - t0,
    };
  } finally {
    await counter.close();
  }
}

async function listAll(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

/** Wall-time bound of one cell. */
export const CELL_WALL_BOUND_MS = 5_000;

/** Why the removal shows on the reader: the device left (a transport error), not a time-out or a status word. */
const REMOVAL_DETAIL = /removed|no longer in the field/;

/**
 * The invariants of a cell, as readable violations (empty: the cell holds):
 * (1) the reader reached the right stop screen for the device, because the device left, with no manual time passing;
 *     or the read had already completed (the removal came after the last APDU that mattered);
 * (2) no temporary file and no result file for the failed read; at the end exactly one well-formed result file;
 * (3) usage moved only for the completed qualification (0 after the removed read, exactly one use at the end); no PIN
 *     counter of the card or the phones moved (the reader only ever sends the right PIN).
 */
export function violations(o: CellObservation): string[] {
  const out: string[] = [];
  const { cell } = o;
  const completedFirst = o.firstEnd === "result";
  if (o.removedAt === undefined) out.push(`the flow never sent APDU ${cell.k}`);
  if (!completedFirst) {
    if (o.firstEnd !== expectedStop(cell.flow)) out.push(`(1) stopped on ${o.firstEnd}, expected ${expectedStop(cell.flow)} (${o.problem?.event}: ${o.problem?.detail})`);
    else if (!o.problem || !["readFailed", "noChip"].includes(o.problem.event) || !REMOVAL_DETAIL.test(o.problem.detail)) out.push(`(1) stop not attributed to the removal: ${o.problem?.event}: ${o.problem?.detail}`);
    if (o.manualMsToStop !== 0) out.push(`(1) needed ${o.manualMsToStop} ms of reader time to notice the removal`);
    if (o.resAfterFirst.length > 0) out.push(`(2) RES after the removed read: ${o.resAfterFirst.join(", ")}`);
    if (Object.keys(o.usageAfterFirst).length > 0) out.push(`(3) usage moved for a removed read: ${JSON.stringify(o.usageAfterFirst)}`);
    if (o.qualifyCallsAfterFirst !== 0) out.push(`(3) ${o.qualifyCallsAfterFirst} qualify call(s) for a removed read`);
    if (o.retryEnd !== "result") out.push(`(3) the retry ended on ${o.retryEnd}, not the result`);
  }
  if (o.pinsChangedAfterFirst.length > 0) out.push(`(3) PIN counters moved by the removal: ${o.pinsChangedAfterFirst.join(", ")}`);
  const results = o.resAtEnd.filter((n) => /^OQSsiquc01res_face_.*\.xml$/.test(n));
  const others = o.resAtEnd.filter((n) => !results.includes(n));
  if (results.length !== 1 || others.length > 0) out.push(`(2) RES at the end: ${o.resAtEnd.join(", ") || "empty"} (expected exactly one result file)`);
  if (o.badResultFiles.length > 0) out.push(`(2) malformed or not answered: ${o.badResultFiles.join(", ")}`);
  if (!sameCounts(o.usageAtEnd, oneUse(cell.flow))) out.push(`(3) usage at the end ${JSON.stringify(o.usageAtEnd)}, expected ${JSON.stringify(oneUse(cell.flow))}`);
  if (o.pinsChangedAtEnd.length > 0) out.push(`(3) PIN counters moved: ${o.pinsChangedAtEnd.join(", ")}`);
  if (o.wallMs > CELL_WALL_BOUND_MS) out.push(`(1) cell took ${Math.round(o.wallMs)} ms of wall time`);
  return out;
}

/** How a cell's first attempt ended, for the table: `stop` (the removal showed), `done` (it came too late to matter). */
export function cellMark(o: CellObservation): string {
  if (violations(o).length > 0) return "✗";
  return o.firstEnd === "result" ? "done" : "stop";
}
