import { compareDottedVersions, parseDottedVersion } from "./_internals/dotted-version.ts";
import type { PhoneModel } from "./phone-model.ts";
import { type ProvisionRefusal, provisionRefusal } from "./provision-refusal.ts";

/** The OS and model minimums for adding the card to a phone. */
export interface PhoneRequirements {
  /** Lowest iOS version, dotted. */
  readonly minimumIos: string;
  /** Earliest iPhone release month (`YYYY-MM`) accepted: models released before it are refused. */
  readonly earliestIphone: string;
  /** Name of that model, for messages. */
  readonly earliestIphoneName: string;
  /** Lowest Android version, dotted. */
  readonly minimumAndroid: string;
}

/** The published minimums (mhlw-slides, docs/domain/sources.md): iOS 18.5 or later on iPhone XS or later; Android 11 or later. */
export const PHONE_REQUIREMENTS: Readonly<PhoneRequirements> = Object.freeze({
  minimumIos: "18.5",
  earliestIphone: "2018-09",
  earliestIphoneName: "iPhone XS",
  minimumAndroid: "11",
});

/** Checks a phone against the minimums: `undefined` when it may carry the card, the refusal otherwise. */
export function checkPhoneRequirements(model: PhoneModel, requirements: PhoneRequirements = PHONE_REQUIREMENTS): ProvisionRefusal | undefined {
  const ios = model.platform === "ios";
  const minimum = ios ? requirements.minimumIos : requirements.minimumAndroid;
  const osName = ios ? "iOS" : "Android";
  const have = parseDottedVersion(model.osVersion);
  const need = parseDottedVersion(minimum);
  if (!have || !need || compareDottedVersions(have, need) < 0) {
    return provisionRefusal("os-too-old", `${model.name} runs ${osName} ${model.osVersion}; the card can be added from ${osName} ${minimum}`);
  }
  if (ios && model.released < requirements.earliestIphone) {
    return provisionRefusal("model-unsupported", `${model.name} is older than the ${requirements.earliestIphoneName}; the card can be added to the ${requirements.earliestIphoneName} or later`);
  }
  return undefined;
}
