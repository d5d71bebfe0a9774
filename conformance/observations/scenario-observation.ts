import type { TraceEntryJson } from "../../sim/trace/index.ts";

/** The device a scenario presents. */
export type ScenarioDevice = "card" | "iphone" | "android" | "none";

/** One screen the DUT reported it displayed (the emulated reference: every `screen` event of the face-auth reader). */
export interface ScreenReport {
  /** Milliseconds on the scenario's trace clock (same origin as the APDU trace). */
  at: number;
  state: string;
  kind: string;
  title: string;
  code?: string;
  lines: string[];
  buttons: string[];
}

/** One call the DUT made to the online qualification service, as the service side saw it. */
export interface ServiceCall {
  at: number;
  op: "requestChallenge" | "qualify" | "recordConsent";
  /** The challenge issued (`requestChallenge`) or signed (`qualify`). */
  challengeId?: string;
  /** `qualify`: the device kind and method the DUT declared. */
  deviceKind?: string;
  method?: string;
  /** `qualify`/`recordConsent`: the consent flags the DUT sent. */
  consent?: Record<string, string | boolean>;
  /** How the call ended: `ok`, `refused` (an answer with ProcessingResultStatus 2) or `failed` (no answer). */
  outcome: "ok" | "refused" | "failed";
  processingResultCode?: string;
  qualificationValidity?: string;
  certificateInGrace?: boolean;
  /** `failed`: the error as the DUT got it. */
  error?: string;
}

/** What the patient or staff did, on the trace clock (harness actions, never DUT behaviour). */
export interface PatientAction {
  at: number;
  action: "hold" | "remove" | "biometric" | "choosePhone" | "chooseOs" | "enterPin" | "choosePin" | "chooseFace" | "faceScore" | "visualCheck" | "consent" | "acknowledge" | "retry" | "cancel" | "leaveField";
  /** Where a device was held (`card-slot`, `general-purpose`), which OS, which answer. Never a PIN. */
  detail?: string;
}

/** A file the DUT wrote to its result (RES) folder. */
export interface ResultFileObservation {
  name: string;
  xml: string;
}

/** A change seen in the RES folder while the scenario ran (`fs.watch`). */
export interface ResFolderEvent {
  event: string;
  name: string;
}

/** Everything observed while one scenario ran against the DUT: the input of every judge. */
export interface ScenarioObservation {
  scenario: string;
  title: string;
  device: ScenarioDevice;
  /** Device-side APDU trace (TracingDevice; secrets already cut) and link events, incl. harness markers. */
  apdus: TraceEntryJson[];
  screens: ScreenReport[];
  service: ServiceCall[];
  /** The service journal lines appended while the scenario ran (docs: sim/onshi/README.md, durability). */
  journal: Record<string, unknown>[];
  resultFiles: ResultFileObservation[];
  resEvents: ResFolderEvent[];
  /** Text the DUT logged (fallback log…), by name. */
  logs: { name: string; text: string }[];
  patient: PatientAction[];
  /** Scenario facts judges need: PIN entries typed, tries left before, authorisation window, the wrong PIN's length… */
  facts: Record<string, string | number | boolean>;
  /** A harness failure (not the DUT's): the scenario could not be played to the end. */
  harnessError?: string;
  durationMs: number;
}

/** All observations of one DUT run, plus what the judges need about secrets (salted digests, never the secrets). */
export interface ObservationSet {
  scenarios: Record<string, ScenarioObservation>;
  /** Scenarios the DUT kind does not play, with the reason (judges count them neither as observed nor as missing). */
  notPlayed?: Record<string, string>;
  /** Salted SHA-256 digests of every PIN/password used by the run; `no PIN in any log` compares tokens against them. */
  secretDigests: { salt: string; digests: string[]; lengths: number[] };
}
