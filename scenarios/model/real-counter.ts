import { join } from "node:path";
import type { Scheduler } from "fast-check";
import type { ApduDevice } from "../../sim/apdu/index.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { IPhoneToken } from "../../sim/phones/index.ts";
import { printedCardFaces, unreadableCardFace } from "../../sim/readers/face-auth/card-face-scanner.ts";
import type { FaceAuthResult } from "../../sim/readers/face-auth/face-auth-reader.ts";
import { ManualClock } from "../../sim/readers/face-auth/manual-clock.ts";
import { findReaderModel } from "../../sim/readers/face-auth/reader-models.ts";
import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import { GeneralPurposeReader, UsbReaderProfiles } from "../../sim/readers/general-purpose/index.ts";
import type { RuleSwitchboard } from "../../sim/rules/index.ts";
import { CounterStation } from "../../sim/station/index.ts";
import { ServiceRefusedError, ServiceUnreachableError } from "../../sim/terminal/qualification-terminal.ts";
import { OtherIcCard } from "../catalogue/mechanisms/other-ic-card.ts";
import { CARD_PERSONA, type CounterConfig } from "./counter-config.ts";
import type { HeldItem, HoldPort, HoldTiming } from "./counter-model.ts";
import { IPHONE_WINDOW_MS } from "./counter-model.ts";
import { CountingPort } from "./counting-port.ts";
import { LeavingDevice } from "./leaving-device.ts";
import { MODEL_DAY, type ModelFixtures } from "./model-fixtures.ts";
import type { ScreenCoverage } from "./screen-coverage.ts";
import { SwitchableService } from "./switchable-service.ts";

/** Screens on which the reader works by itself (a read, a PIN check, an attestation). */
const BUSY: ReadonlySet<ScreenStateId> = new Set(["card-reading", "phone-reading", "card-pin-verifying", "card-attesting", "face-photo-reading"]);

/** Options of {@link RealCounter.open}. */
export interface RealCounterOptions {
  readonly fixtures: ModelFixtures;
  readonly config: CounterConfig;
  /** Gates the slow service's answers. */
  readonly scheduler: Scheduler;
  /** Moves the process's (faked) timers: the reader's port polling runs on them. */
  readonly advanceTimers: (ms: number) => void;
  readonly coverage?: ScreenCoverage;
  readonly rules?: RuleSwitchboard;
}

let counters = 0;

/**
 * The real system under the model: one counter (face-auth reader model, its antenna, the general-purpose reader, the
 * terminal) built in-process on a manual clock for one sequence, over the shared service and devices. Every method is
 * one patient, staff or system act; {@link settle} waits until the reader is quiet again.
 */
export class RealCounter {
  readonly station: CounterStation;
  readonly clock: ManualClock;
  readonly service: SwitchableService;
  /** Answered and error result files the terminal wrote during the sequence. */
  answeredFiles = 0;
  errorFiles = 0;
  /** Anything the terminal threw that is not a service failure (a bug: reported by the next comparison). */
  readonly unexpected: string[] = [];
  private readonly fixtures: ModelFixtures;
  private readonly config: CounterConfig;
  private readonly antenna: GeneralPurposeReader;
  private readonly gp: GeneralPurposeReader;
  private readonly gpPort: CountingPort;
  private readonly advanceTimers: (ms: number) => void;
  private readonly inFlight = new Set<Promise<void>>();
  private gpPlugged: boolean;
  private phoneSkew = 0;
  private usesBefore = 0;

  private constructor(parts: { station: CounterStation; clock: ManualClock; service: SwitchableService; options: RealCounterOptions; antenna: GeneralPurposeReader; gp: GeneralPurposeReader; gpPort: CountingPort }) {
    this.station = parts.station;
    this.clock = parts.clock;
    this.service = parts.service;
    this.fixtures = parts.options.fixtures;
    this.config = parts.options.config;
    this.advanceTimers = parts.options.advanceTimers;
    this.antenna = parts.antenna;
    this.gp = parts.gp;
    this.gpPort = parts.gpPort;
    this.gpPlugged = parts.options.config.generalPurposeReaderSetUp;
  }

  /** A fresh counter for one sequence (cheap: keys, cards and the service are the fixtures'). */
  static async open(options: RealCounterOptions): Promise<RealCounter> {
    const { fixtures, config } = options;
    const clock = new ManualClock(MODEL_DAY);
    fixtures.phoneNow = () => clock.now();
    const service = new SwitchableService(fixtures.client, options.scheduler);
    const profile = findReaderModel(config.reader);
    const antenna = new GeneralPurposeReader({ ...UsbReaderProfiles.rcS300P, id: "facr-antenna", name: `${profile.model} card antenna` });
    const gp = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    const gpPort = new CountingPort(gp, UsbReaderProfiles.rcS300P.name);
    const station = await CounterStation.open({
      profile,
      service,
      medicalInstitutionCode: fixtures.medicalInstitutionCode,
      resDir: join(fixtures.dir, `RES-${++counters}`),
      keyStore: KeyStore.shared(),
      serial: "0001",
      clock,
      cardFaceScanner: config.cardFaceReadable ? (seen) => printedCardFaces(fixtures.issuedCards)(seen) : unreadableCardFace,
      cardSlotPort: new CountingPort(antenna, `${profile.model} card antenna`),
      generalPurposePort: gpPort,
      generalPurposeReader: config.generalPurposeReaderSetUp,
      ...(options.rules ? { rules: options.rules } : {}),
    });
    const counter = new RealCounter({ station, clock, service, options, antenna, gp, gpPort });
    counter.usesBefore = await fixtures.usage();
    fixtures.phoneNow = () => clock.now() + counter.phoneSkew;
    const coverage = options.coverage;
    if (coverage) {
      coverage.record(station.reader.state);
      station.reader.on("screen", (view) => coverage.record(view.state));
    }
    station.reader.on("result", (read) => counter.track(counter.finish(read)));
    return counter;
  }

  /** The reader's screen state now. */
  get state(): ScreenStateId {
    return this.station.reader.state;
  }

  /** My Number uses the service counted since the counter opened. */
  async uses(): Promise<number> {
    return (await this.fixtures.usage()) - this.usesBefore;
  }

  /** Holds `item` over `port` (nothing happens over an unplugged general-purpose reader). */
  hold(item: HeldItem, port: HoldPort, timing: HoldTiming): void {
    if (port === "general-purpose" && !this.gpPlugged) return;
    const field = port === "general-purpose" ? this.gp : this.antenna;
    const other = port === "general-purpose" ? this.antenna : this.gp;
    const device = this.device(item);
    if (other.device === device || (other.device instanceof LeavingDevice && other.device.wraps(device))) other.remove();
    const held = timing === "at-read" || timing === "at-sign" ? new LeavingDevice(device, timing, () => field.remove()) : device;
    field.hold(held);
    if (timing === "brief") field.remove();
  }

  /** The patient picks every device up. */
  takeAll(): void {
    this.antenna.remove();
    this.gp.remove();
  }

  /** Face ID now, or long ago (the window has closed since). */
  biometric(when: "now" | "late"): void {
    const phone = this.fixtures.phone(this.config.phone);
    if (!(phone instanceof IPhoneToken)) return;
    this.phoneSkew = when === "now" ? 0 : -(IPHONE_WINDOW_MS + 1_000);
    phone.performBiometric("face");
    this.phoneSkew = 0;
  }

  setUpGeneralPurposeReader(): void {
    this.gpPlugged = true;
    this.station.settings.configureGeneralPurposeReader(this.gpPort);
  }

  unplugGeneralPurposeReader(): void {
    this.gp.remove();
    this.gpPlugged = false;
    this.station.settings.configureGeneralPurposeReader(undefined);
  }

  /**
   * Waits until the reader is quiet: the same screen for a few turns of the event loop, not a busy one (unless it
   * waits for the slow service), no result being written. The port polling's timers are advanced on the way.
   */
  async settle(): Promise<void> {
    let last = this.state;
    let stable = 0;
    // Bounded in real time (2 s): a reader that never settles is reported by the comparison that follows.
    const deadline = performance.now() + 2_000;
    while (stable < 3 && performance.now() < deadline) {
      // A result being written (not held by the slow service) is waited for outright.
      if (this.inFlight.size > 0 && this.service.pending === 0) await Promise.allSettled([...this.inFlight]);
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.advanceTimers(25);
      const s = this.state;
      const quiet = (!BUSY.has(s) || this.service.pending > 0) && (this.inFlight.size === 0 || this.service.pending > 0);
      if (s === last && quiet) stable++;
      else {
        stable = 0;
        last = s;
      }
    }
  }

  async close(): Promise<void> {
    this.takeAll();
    await this.service.restart().catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.station.close();
    await this.fixtures.reset();
  }

  private device(item: HeldItem): ApduDevice {
    switch (item) {
      case "card":
        return this.fixtures.card(CARD_PERSONA[this.config.certificate]);
      case "phone":
        return this.fixtures.phone(this.config.phone);
      case "other-ic-card":
        return OTHER_IC_CARD;
      case "no-chip-card":
        return NO_CHIP_CARD;
    }
  }

  /** The terminal takes the completed read to the service and writes the result file (the terminal's own job). */
  private async finish(read: FaceAuthResult): Promise<void> {
    try {
      await this.station.finish(read);
      this.answeredFiles++;
    } catch (error) {
      if (error instanceof ServiceUnreachableError || error instanceof ServiceRefusedError) this.errorFiles++;
      else this.unexpected.push(error instanceof Error ? error.message : String(error));
    }
  }

  private track(work: Promise<void>): void {
    const done = work.finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }
}

const OTHER_IC_CARD = new OtherIcCard("other-ic-card");
const NO_CHIP_CARD = new OtherIcCard("no-chip");
