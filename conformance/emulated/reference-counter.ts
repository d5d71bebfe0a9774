import type { QualificationService } from "../../sim/contract/qualification-service.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import type { CardFaceScanner } from "../../sim/readers/face-auth/card-face-scanner.ts";
import { FaceAuthReader, type FaceAuthReaderOptions, type FaceAuthResult } from "../../sim/readers/face-auth/face-auth-reader.ts";
import { type ReaderClock, systemClock } from "../../sim/readers/face-auth/reader-clock.ts";
import type { ReaderProfile } from "../../sim/readers/face-auth/reader-profile.ts";
import { TerminalSettings } from "../../sim/readers/face-auth/terminal-settings.ts";
import type { ReaderPort } from "../../sim/readers/reader-port.ts";
import { WsReaderPort } from "../../sim/readers/ws-reader-port.ts";
import { consentChoice, type ReaderRegistry } from "../../sim/station/counter-station.ts";
import { ResFolder } from "../../sim/terminal/oqs/res-folder.ts";
import { QualificationTerminal } from "../../sim/terminal/qualification-terminal.ts";

/** Where a mutant may change the reference (docs/architecture.md: by wrapping, never inside sim/). */
export interface CounterHooks {
  /** Wraps a port the reader waits on (the harness keeps holding devices on the inner ws port). */
  wrapPort?(port: ReaderPort, where: "card-slot" | "general-purpose", reader: () => FaceAuthReader | undefined): ReaderPort;
  /** Wraps the service client the terminal (and the reader's challenge source) uses. */
  wrapService?(service: QualificationService): QualificationService;
  /** Builds the reader (e.g. a subclass with a rule overridden). */
  makeReader?(options: FaceAuthReaderOptions): FaceAuthReader;
  /** The reader's clock. */
  clock?(base: ReaderClock, reader: () => FaceAuthReader | undefined): ReaderClock;
}

/** Options of {@link openReferenceCounter}. */
export interface ReferenceCounterOptions {
  profile: ReaderProfile;
  service: QualificationService & ReaderRegistry;
  medicalInstitutionCode: string;
  resDir: string;
  fallbackLog: string;
  /** Connect and set up the general-purpose reader (default: unless the model reads phones itself). */
  generalPurposeReader: boolean;
  generalPurposeReaderName: string;
  cardFaceScanner: CardFaceScanner;
  hooks?: CounterHooks;
}

/**
 * The reference implementation the suite certifies itself against: the project's face-auth reader model, terminal
 * settings and qualification terminal, composed like `sim/station/CounterStation` but with the seams mutants need.
 */
export interface ReferenceCounter {
  reader: FaceAuthReader;
  /** The ws ports the harness holds devices on. */
  slot: WsReaderPort;
  gp: WsReaderPort;
  terminal: QualificationTerminal;
  res: ResFolder;
  profile: ReaderProfile;
  /** Where a patient holds a phone. */
  phonePort: WsReaderPort;
  /** Takes a completed read to the service and writes the result file. */
  finish(read: FaceAuthResult): Promise<{ resultFile: string }>;
  close(): Promise<void>;
}

/** A fixed serial: the reader key is generated once and then comes from the shared key cache. */
const SERIAL = "conformance";

/** Opens a reference counter (ports, settings, reader registered with the service, terminal, RES folder). */
export async function openReferenceCounter(options: ReferenceCounterOptions): Promise<ReferenceCounter> {
  const { profile, hooks = {} } = options;
  const res = new ResFolder(options.resDir);
  await res.ensure();
  const service = hooks.wrapService ? hooks.wrapService(options.service) : options.service;
  const terminal = new QualificationTerminal({ service, res, medicalInstitutionCode: options.medicalInstitutionCode, fallbackLog: options.fallbackLog });
  // Hooks may look at the reader before it exists (the clock and ports are built first).
  const holder: { reader?: FaceAuthReader } = {};
  const current = () => holder.reader;
  const clock = hooks.clock ? hooks.clock(systemClock, current) : systemClock;
  const settings = new TerminalSettings({ clock });
  const slot = new WsReaderPort(`${profile.model} card slot`, { requestTimeoutMs: 5000 });
  const gp = new WsReaderPort(options.generalPurposeReaderName, { requestTimeoutMs: 5000 });
  const wrap = (port: ReaderPort, where: "card-slot" | "general-purpose") => (hooks.wrapPort ? hooks.wrapPort(port, where, current) : port);
  if (options.generalPurposeReader) settings.configureGeneralPurposeReader(wrap(gp, "general-purpose"));
  const readerOptions: FaceAuthReaderOptions = {
    profile,
    cardSlot: wrap(slot, "card-slot"),
    settings,
    challengeSource: terminal.challengeSource,
    serial: SERIAL,
    keyStore: KeyStore.shared(),
    clock,
    cardFaceScanner: options.cardFaceScanner,
  };
  const built = hooks.makeReader ? hooks.makeReader(readerOptions) : new FaceAuthReader(readerOptions);
  holder.reader = built;
  await options.service.registerReader(built.readerId, await built.publicKey());
  settings.restartTerminal();
  built.restart();
  return {
    reader: built,
    slot,
    gp,
    terminal,
    res,
    profile,
    phonePort: profile.readsPhonesItself ? slot : gp,
    finish: (read) => {
      const { consent, prescriptionIssueSelect } = consentChoice(read.consents);
      return terminal.completeRead({ proof: read.proof, consent, prescriptionIssueSelect });
    },
    close: async () => {
      built.close();
      await Promise.all([slot.remove(), gp.remove()]);
    },
  };
}
