import type { ReaderProfile } from "../../sim/readers/face-auth/reader-profile.ts";

/** The four facility types of the national statistics (DOMAIN.md §7). */
export type FacilityType = "hospital" | "clinic" | "dental" | "pharmacy";

/** What a simulated counter day is made of. */
export interface ClinicDayOptions {
  facilityType: FacilityType;
  readerModel: ReaderProfile;
  patients: number;
  /** Share of patients who come with a phone (0–1); the national July 2025 share was 0.54% (DOMAIN.md §6). */
  phoneShare: number;
  seed: number;
  /** The run's folder: RES/REQ folders, the service's journal, reports. */
  outDir: string;
}

/** iPhone share among phone users in the pilot: 252 of 321 (DOMAIN.md §6). */
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
