import type { KeyObject } from "node:crypto";
import type { KeyStore } from "../pki/index.ts";
import type { ConsentAnswers } from "../readers/face-auth/consent-answers.ts";
import type { CardFaceScanner } from "../readers/face-auth/card-face-scanner.ts";
import { FaceAuthReader, type FaceAuthResult } from "../readers/face-auth/face-auth-reader.ts";
import type { ReaderClock } from "../readers/face-auth/reader-clock.ts";
import type { ReaderProfile } from "../readers/face-auth/reader-profile.ts";
import { TerminalSettings } from "../readers/face-auth/terminal-settings.ts";
import type { ReaderPort } from "../readers/reader-port.ts";
import { WsReaderPort } from "../readers/ws-reader-port.ts";
import { type ApduTrace } from "../trace/index.ts";
import type { QualificationResult } from "../contract/qualification-result.ts";
import { ResFolder } from "../terminal/oqs/res-folder.ts";
import { QualificationTerminal } from "../terminal/qualification-terminal.ts";
import type { ConsentChoice, QualificationService } from "../contract/qualification-service.ts";
import type { RuleSwitchboard } from "../rules/index.ts";

/** A service the counter can also register its face-auth reader with (the online service's `POST /readers`). */
export interface ReaderRegistry {
  registerReader(readerId: string, publicKey: KeyObject): Promise<void>;
}

/** Options of {@link CounterStation.open}. */
export interface CounterStationOptions {
  /** The face-auth reader model. */
  profile: ReaderProfile;
  /** The online qualification service (the HTTP client of `sim/onshi`). */
  service: QualificationService & ReaderRegistry;
  medicalInstitutionCode: string;
  /** The RES folder the receipt computer reads. */
  resDir: string;
  fallbackLog?: string;
  /** Connect and configure a general-purpose reader (default: unless the model reads phones itself). */
  generalPurposeReader?: boolean;
  /** The general-purpose reader's PC/SC name. */
  generalPurposeReaderName?: string;
  /**
   * The general-purpose reader to configure on the terminal instead of the ws one (`gp`), e.g. a `PcscReaderPort` on a
   * real reader or a vpcd slot. The caller keeps it and closes it; `gp` then stays unused.
   */
  generalPurposePort?: ReaderPort;
  serial?: string;
  keyStore?: KeyStore;
  clock?: ReaderClock;
  cardFaceScanner?: CardFaceScanner;
  trace?: ApduTrace;
  /**
   * The face-auth reader's own card slot / antenna to use instead of the ws one (`slot`), e.g. an in-process
   * `GeneralPurposeReader` standing for the antenna. The caller keeps it; `slot` then stays unused.
   */
  cardSlotPort?: ReaderPort;
  /** Rule switchboard handed to the reader (sim/rules; default every rule on). */
  rules?: RuleSwitchboard;
}

/** The patient's answers as the service records them, and the prescription code of the result file. */
export function consentChoice(answers: ConsentAnswers): { consent: ConsentChoice; prescriptionIssueSelect: "1" | "2" } {
  return {
    consent: {
      pharmacistsInfo: answers.drug,
      specificHealthCheckInfo: answers.healthCheck,
      diagnosisInfo: answers.clinical,
      operationInfo: answers.surgery,
      limitApplicationCertificateRelatedConsFlg: answers.costCap,
    },
    prescriptionIssueSelect: answers.prescription === "electronic" ? "1" : "2",
  };
}

/**
 * One reception counter: a face-auth reader of a model with its own card slot, the general-purpose reader beside it
 * (not on Canon), the terminal's settings (phone use on, both restarted after set-up), and the qualification terminal
 * that takes each completed read to the online service and writes the result file. Devices arrive over the ws device
 * bus (`slot.hold(url)`, `gp.hold(url)`): every device on its own socket.
 */
export class CounterStation {
  readonly reader: FaceAuthReader;
  readonly slot: WsReaderPort;
  readonly gp: WsReaderPort;
  readonly settings: TerminalSettings;
  readonly terminal: QualificationTerminal;
  readonly res: ResFolder;
  readonly profile: ReaderProfile;

  private constructor(parts: { reader: FaceAuthReader; slot: WsReaderPort; gp: WsReaderPort; settings: TerminalSettings; terminal: QualificationTerminal; res: ResFolder; profile: ReaderProfile }) {
    this.reader = parts.reader;
    this.slot = parts.slot;
    this.gp = parts.gp;
    this.settings = parts.settings;
    this.terminal = parts.terminal;
    this.res = parts.res;
    this.profile = parts.profile;
  }

  /** Sets the counter up: ports, settings, reader (its key registered with the service), terminal, RES folder. */
  static async open(options: CounterStationOptions): Promise<CounterStation> {
    const { profile } = options;
    const res = new ResFolder(options.resDir);
    await res.ensure();
    const terminal = new QualificationTerminal({
      service: options.service,
      res,
      medicalInstitutionCode: options.medicalInstitutionCode,
      ...(options.fallbackLog ? { fallbackLog: options.fallbackLog } : {}),
      // The terminal stamps result files with the counter's clock, so a seeded day names its files the same way whenever it runs.
      ...(options.clock ? { now: () => new Date((options.clock as ReaderClock).now()) } : {}),
    });
    const settings = new TerminalSettings(options.clock ? { clock: options.clock } : {});
    const slot = new WsReaderPort(`${profile.model} card slot`, { requestTimeoutMs: 5000 });
    const gp = new WsReaderPort(options.generalPurposeReaderName ?? "SONY FeliCa RC-S300/P", { requestTimeoutMs: 5000 });
    if (options.generalPurposeReader ?? !profile.readsPhonesItself) settings.configureGeneralPurposeReader(options.generalPurposePort ?? gp);
    const reader = new FaceAuthReader({
      profile,
      cardSlot: options.cardSlotPort ?? slot,
      settings,
      challengeSource: terminal.challengeSource,
      ...(options.serial ? { serial: options.serial } : {}),
      ...(options.keyStore ? { keyStore: options.keyStore } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.cardFaceScanner ? { cardFaceScanner: options.cardFaceScanner } : {}),
      ...(options.trace ? { trace: options.trace } : {}),
      ...(options.rules ? { rules: options.rules } : {}),
    });
    await options.service.registerReader(reader.readerId, await reader.publicKey());
    settings.restartTerminal();
    reader.restart();
    return new CounterStation({ reader, slot, gp, settings, terminal, res, profile });
  }

  /** Where a patient should hold a phone: the general-purpose reader, or the reader itself on Canon. */
  get phonePort(): WsReaderPort {
    return this.profile.readsPhonesItself ? this.slot : this.gp;
  }

  /** Takes a completed read to the service (consent recorded on a valid answer) and writes the result file. */
  finish(read: FaceAuthResult): Promise<{ result: QualificationResult; resultFile: string }> {
    const { consent, prescriptionIssueSelect } = consentChoice(read.consents);
    return this.terminal.completeRead({ proof: read.proof, consent, prescriptionIssueSelect });
  }

  /** Stops the reader and takes devices away. */
  async close(): Promise<void> {
    this.reader.close();
    await Promise.all([this.slot.remove(), this.gp.remove()]);
  }
}
