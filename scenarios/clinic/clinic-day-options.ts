import type { ReaderProfile } from "../../sim/readers/face-auth/reader-profile.ts";
import type { ApduTrace } from "../../sim/trace/index.ts";

/** The four facility types of the national statistics (docs/domain/load-figures.md). */
export type FacilityType = "hospital" | "clinic" | "dental" | "pharmacy";

/** What a simulated counter day is made of. */
export interface ClinicDayOptions {
  facilityType: FacilityType;
  readerModel: ReaderProfile;
  patients: number;
  /** Share of patients who come with a phone (0–1); the national July 2025 share was 0.54% (docs/domain/pilot-findings.md). */
  phoneShare: number;
  seed: number;
  /**
   * The day's date, `YYYY-MM-DD` (2026-01-01 to 2034-12-31); default one chosen by the seed (`seededDayDate`).
   * Ages, certificate validity and eligibility are judged on it, never on the wall clock, so a seed repeats exactly.
   */
  date?: string;
  /** The run's folder: RES/REQ folders, the service's journal, reports. */
  outDir: string;
  /**
   * Where the reader's APDUs are recorded (default: a new in-memory trace, bounded by entries and bytes). Pass one with
   * a `TraceFileWriter` subscribed to stream the whole day to disk.
   */
  trace?: ApduTrace;
}

/** iPhone share among phone users in the pilot: 252 of 321 (docs/domain/pilot-findings.md). */
export const PILOT_IPHONE_SHARE = 252 / 321;

/**
 * Modelled patient behaviour (the pilot reports these mistakes, not their rates): phones held before the screen was
 * operated, phones held on the face-auth reader instead of the general-purpose reader, iPhones tapped before Face ID;
 * card patients choosing face match, PIN or the staff's visual check.
 */
export const PATIENT_BEHAVIOUR = {
  phoneHeldBeforeButton: 0.2,
  phoneHeldOnWrongReader: 0.08,
  iphoneWithoutBiometricFirst: 0.15,
  cardMethod: { face: 0.8, pin: 0.15, visual: 0.05 },
  consentYes: 0.7,
  electronicPrescription: 0.6,
} as const;
