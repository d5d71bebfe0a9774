import type { PhoneModel } from "./phone-model.ts";

type CatalogueEntry = Omit<PhoneModel, "name" | "osVersion">;

/**
 * A few phone models, enough to exercise the OS and model minimums (DOMAIN.md §4). Release months are public;
 * the list is not exhaustive: build a {@link PhoneModel} by hand for any other phone.
 */
export const PHONE_MODELS = {
  "iPhone 8": { platform: "ios", released: "2017-09", biometricSensors: ["touch"] },
  "iPhone X": { platform: "ios", released: "2017-11", biometricSensors: ["face"] },
  "iPhone XS": { platform: "ios", released: "2018-09", biometricSensors: ["face"] },
  "iPhone XR": { platform: "ios", released: "2018-10", biometricSensors: ["face"] },
  "iPhone SE (2nd generation)": { platform: "ios", released: "2020-04", biometricSensors: ["touch"] },
  "iPhone 13": { platform: "ios", released: "2021-09", biometricSensors: ["face"] },
  "iPhone SE (3rd generation)": { platform: "ios", released: "2022-03", biometricSensors: ["touch"] },
  "iPhone 15": { platform: "ios", released: "2023-09", biometricSensors: ["face"] },
  "iPhone 16": { platform: "ios", released: "2024-09", biometricSensors: ["face"] },
  "Pixel 5": { platform: "android", released: "2020-10", biometricSensors: ["touch"] },
  "Pixel 8": { platform: "android", released: "2023-10", biometricSensors: ["face", "touch"] },
  "Xperia 10 V": { platform: "android", released: "2023-07", biometricSensors: ["touch"] },
  "AQUOS sense8": { platform: "android", released: "2023-11", biometricSensors: ["face", "touch"] },
} as const satisfies Record<string, CatalogueEntry>;

/** A model name of {@link PHONE_MODELS}. */
export type KnownPhoneModel = keyof typeof PHONE_MODELS;

/** The catalogued model `name` running OS `osVersion` (dotted numbers, e.g. `18.5` or `14`). */
export function phoneModel(name: KnownPhoneModel, osVersion: string): PhoneModel {
  const entry: CatalogueEntry = PHONE_MODELS[name];
  return { ...entry, name, osVersion };
}
