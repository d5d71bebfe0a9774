import type { CardKeyMaterial } from "../cards/index.ts";
import type { PhoneCredentials } from "./phone-credentials.ts";

/** What adding a card puts on a phone: whose it is, the phone's own keys and certificates, and its own secrets. */
export interface PhoneInstallation {
  /** The persona whose card was added. */
  readonly personaId: string;
  /** How many times this person's card has been added to a phone in the registry (1 for the first phone). */
  readonly generation: number;
  /** The phone's own RSA-2048 keys and certificates (smartphone certificates, separate from the card's). */
  readonly keys: CardKeyMaterial;
  /** The phone's own auth PIN (Android) and signing password. */
  readonly credentials: PhoneCredentials;
}
