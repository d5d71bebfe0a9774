import { watch } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { printedCardFaces } from "../../sim/readers/face-auth/card-face-scanner.ts";
import type { ReaderProfile } from "../../sim/readers/face-auth/reader-profile.ts";
import { ApduTrace } from "../../sim/trace/index.ts";
import type { ScenarioObservation } from "../observations/scenario-observation.ts";
import type { EmulatedWorld } from "./emulated-world.ts";
import { ObservedDevice } from "./observed-device.ts";
import type { ObservingService } from "./observing-service.ts";
import { type CounterHooks, openReferenceCounter } from "./reference-counter.ts";
import type { ScenarioDefinition } from "./scenario-catalogue.ts";
import { VisitDriver } from "./visit-driver.ts";
import { readJournalLines } from "../observations/read-journal-lines.ts";

/** What {@link playScenario} needs. */
export interface PlayOptions {
  world: EmulatedWorld;
  service: ObservingService;
  profile: ReaderProfile;
  generalPurposeReaderName: string;
  /** Where this scenario's RES folder, fallback log and trace go. */
  dir: string;
  hooks?: CounterHooks;
}

/**
 * Plays one scenario against a fresh reference counter (or a mutant of it) and records what was observed: the
 * device-side APDU trace, the screens, the service calls and journal lines, the RES folder and the logs. A failure of
 * the harness itself is kept as `harnessError`, apart from anything the DUT did.
 */
export async function playScenario(definition: ScenarioDefinition, options: PlayOptions): Promise<ScenarioObservation> {
  const started = performance.now();
  const dir = options.dir;
  const resDir = join(dir, "RES");
  const fallbackLog = join(dir, "fallbacks.jsonl");
  await mkdir(resDir, { recursive: true });
  const trace = new ApduTrace();
  const observation: ScenarioObservation = {
    scenario: definition.id,
    title: definition.title,
    device: definition.device,
    apdus: [],
    screens: [],
    service: [],
    journal: [],
    resultFiles: [],
    resEvents: [],
    logs: [],
    patient: [],
    facts: {},
    durationMs: 0,
  };
  options.service.sink = { calls: observation.service, now: () => trace.now(), failQualify: definition.serviceDown === true };
  const journalBefore = (await readJournalLines(options.world.journalFile)).length;
  const watcher = watch(resDir, (event, name) => observation.resEvents.push({ event, name: String(name ?? "") }));
  let counter: Awaited<ReturnType<typeof openReferenceCounter>> | undefined;
  try {
    const prepared = await definition.prepare(options.world);
    observation.facts = prepared.facts;
    counter = await openReferenceCounter({
      profile: options.profile,
      service: options.service,
      medicalInstitutionCode: options.world.facility.medicalInstitutionCode,
      resDir,
      fallbackLog,
      generalPurposeReader: definition.generalPurposeReader ?? !options.profile.readsPhonesItself,
      generalPurposeReaderName: options.generalPurposeReaderName,
      cardFaceScanner: (input) => printedCardFaces(options.world.cards.issued())(input),
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
    const reader = counter.reader;
    const report = () => {
      const v = reader.screen();
      observation.screens.push({ at: trace.now(), state: v.state, kind: v.kind, title: v.title, ...(v.code !== undefined ? { code: v.code } : {}), lines: [...v.lines], buttons: [...v.buttons] });
    };
    report();
    reader.on("screen", report);
    const device = prepared.device ? new ObservedDevice(prepared.device, trace) : undefined;
    const driver = new VisitDriver(counter, options.world.sockets, trace, observation);
    try {
      await definition.play({ driver, device, phone: prepared.phone, facts: observation.facts });
    } finally {
      await driver.end();
      reader.off("screen", report);
    }
  } catch (error) {
    observation.harnessError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    await counter?.close();
    // Let the last RES folder events arrive before the watcher closes.
    await new Promise((r) => setTimeout(r, 30));
    watcher.close();
  }
  const names = (await readdir(resDir).catch(() => [] as string[])).sort();
  for (const name of names.filter((n) => n.endsWith(".xml"))) observation.resultFiles.push({ name, xml: await readFile(join(resDir, name), "utf8") });
  const leftovers = names.filter((n) => !n.endsWith(".xml"));
  if (leftovers.length > 0) observation.facts.resLeftovers = leftovers.join(", ");
  observation.journal = (await readJournalLines(options.world.journalFile)).slice(journalBefore);
  const fallbacks = await readFile(fallbackLog, "utf8").catch(() => undefined);
  if (fallbacks !== undefined) observation.logs.push({ name: "fallbacks.jsonl", text: fallbacks });
  observation.apdus = trace.toJSON();
  await writeFile(join(dir, "apdu-trace.txt"), trace.toText());
  observation.durationMs = performance.now() - started;
  return observation;
}
