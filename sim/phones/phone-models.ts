import type { PhoneModel } from "./phone-model.ts";

/** A catalogue entry: every model declares its NFC antenna position and whether it takes extended APDUs. */
type CatalogueEntry = Omit<PhoneModel, "name" | "osVersion"> & Required<Pick<PhoneModel, "nfcAntenna" | "extendedApdus">>;

/** What a caller may change on a catalogued model: its NFC front end (e.g. a handset whose NFC stack lacks extended APDUs). */
export type PhoneModelOverrides = Partial<Pick<PhoneModel, "nfcAntenna" | "extendedApdus">>;

/**
 * A few phone models, enough to exercise the OS and model minimums (docs/domain/rules.md#os-versions). Release months
 * are public; the list is not exhaustive: build a {@link PhoneModel} by hand for any other phone.
 *
 * NFC (docs/domain/phone-token.md, "Modelled quirks: extended APDUs, antenna position"): the iPhones' `top-edge` is
 * public (the JPKI guidance holds "the top of the iPhone" to the card); the Android positions are modelled (the JPKI
 * portal lists them per maker; no per-model data was found in the sources checked). Which real models lack extended
 * APDUs is not public: every model here takes them; {@link phoneModel}'s overrides give one that does not.
 */
export const PHONE_MODELS = {
  "iPhone 8": { platform: "ios", released: "2017-09", biometricSensors: ["touch"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone X": { platform: "ios", released: "2017-11", biometricSensors: ["face"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone XS": { platform: "ios", released: "2018-09", biometricSensors: ["face"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone XR": { platform: "ios", released: "2018-10", biometricSensors: ["face"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone SE (2nd generation)": { platform: "ios", released: "2020-04", biometricSensors: ["touch"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone 13": { platform: "ios", released: "2021-09", biometricSensors: ["face"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone SE (3rd generation)": { platform: "ios", released: "2022-03", biometricSensors: ["touch"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone 15": { platform: "ios", released: "2023-09", biometricSensors: ["face"], nfcAntenna: "top-edge", extendedApdus: true },
  "iPhone 16": { platform: "ios", released: "2024-09", biometricSensors: ["face"], nfcAntenna: "top-edge", extendedApdus: true },
  "Pixel 5": { platform: "android", released: "2020-10", biometricSensors: ["touch"], nfcAntenna: "middle-back", extendedApdus: true },
  "Pixel 8": { platform: "android", released: "2023-10", biometricSensors: ["face", "touch"], nfcAntenna: "upper-back", extendedApdus: true },
  "Xperia 10 V": { platform: "android", released: "2023-07", biometricSensors: ["touch"], nfcAntenna: "upper-back", extendedApdus: true },
  "AQUOS sense8": { platform: "android", released: "2023-11", biometricSensors: ["face", "touch"], nfcAntenna: "middle-back", extendedApdus: true },
} as const satisfies Record<string, CatalogueEntry>;

/** A model name of {@link PHONE_MODELS}. */
export type KnownPhoneModel = keyof typeof PHONE_MODELS;

/**
 * The catalogued model `name` running OS `osVersion` (dotted numbers, e.g. `18.5` or `14`), with `overrides` to its NFC
 * front end, e.g. `phoneModel("Pixel 8", "14", { extendedApdus: false })` for a handset without extended APDUs.
 */
export function phoneModel(name: KnownPhoneModel, osVersion: string, overrides: PhoneModelOverrides = {}): PhoneModel {
  const entry: CatalogueEntry = PHONE_MODELS[name];
  return {
    ...entry,
    nfcAntenna: overrides.nfcAntenna ?? entry.nfcAntenna,
    extendedApdus: overrides.extendedApdus ?? entry.extendedApdus,
    name,
    osVersion,
  };
}
