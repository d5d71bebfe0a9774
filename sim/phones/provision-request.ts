import type { MyNumberCard } from "../cards/index.ts";
import type { PhoneCredentials } from "./phone-credentials.ts";
import type { PhoneRecord } from "./phone-record.ts";
import type { PhoneToken } from "./phone-token.ts";
import type { ProvisionRefusal } from "./provision-refusal.ts";

/** Adding a My Number Card to a phone (in life: in the Mynaportal app, with the card held to the phone). */
export interface ProvisionRequest {
  /** The phone the card is added to. */
  phone: PhoneToken;
  /** The physical card (a card of the persona): the phone reads it with real APDUs. */
  card: MyNumberCard;
  /** The card's signing password, verified on the card: a wrong one uses one of the card's 5 tries. */
  cardSignPassword: string;
  /** iPhone: the card-face input PIN (4 digits), verified on the card's card-info AP (modelled). Ignored on Android. */
  cardInfoPin?: string;
  /** Whether the person registered the card for health-insurance use (健康保険証利用登録; modelled as a flag). */
  healthInsuranceRegistered: boolean;
  /** The phone's own auth PIN (Android) and signing password; defaults `1234` / `MYNA2025`. */
  phoneCredentials?: Partial<PhoneCredentials>;
  /** When the card is added; default the registry's clock. */
  now?: Date;
}

/** The outcome of adding a card: the new record (and the record of the phone it replaced, if any), or a refusal. */
export type ProvisionResult =
  | { readonly ok: true; readonly record: PhoneRecord; readonly replaced?: PhoneRecord }
  | { readonly ok: false; readonly refusal: ProvisionRefusal };
