import { CardRegistry, type MyNumberCard } from "../../sim/cards/index.ts";
import { CertificateLinks } from "../../sim/onshi/index.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, type PhoneToken } from "../../sim/phones/index.ts";
import type { EmulatedWorld } from "./emulated-world.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

const DAY = 86_400_000;
/** Cards of a `valid` persona are valid four years from the registry's `now` (sim/cards/certificate-validity.ts). */
const CARD_LIFETIME_MS = 4 * 365 * DAY;
/** Test credentials (docs/architecture.md: auth PIN 1234, signing password MYNA2025). */
export const TEST_PIN = DEFAULT_CREDENTIALS.authPin;
export const TEST_SIGN_PASSWORD = DEFAULT_CREDENTIALS.signPassword;
/** A wrong PIN the patient types in `card-wrong-pin`. */
export const WRONG_PIN = "9173";

/** The persona's card from the world's registry, linked at the service (modelled J-LIS link, sim/onshi/README.md). */
export async function linkedCard(world: EmulatedWorld, personaId: string): Promise<MyNumberCard> {
  const card = await world.cards.card(personaId);
  CertificateLinks.shared().register(card.authCertificate.serialNumber, personaId, "card");
  return card;
}

/** A card whose auth certificate ends at `notAfter` (issued by the world's authority), linked. */
export async function cardExpiringAt(world: EmulatedWorld, personaId: string, notAfter: Date): Promise<MyNumberCard> {
  const registry = new CardRegistry({ keyStore: KeyStore.shared(), authority: world.authority, now: new Date(notAfter.getTime() - CARD_LIFETIME_MS) });
  const card = await registry.card(personaId);
  CertificateLinks.shared().register(card.authCertificate.serialNumber, personaId, "card");
  return card;
}

/** A phone of `kind` with `card` added (as the person would), linked. `addedAt` dates the provisioning. */
export async function phoneWith<T extends PhoneToken>(world: EmulatedWorld, kind: "iphone" | "android", personaId: string, card: MyNumberCard, addedAt?: Date): Promise<T> {
  const id = `${kind}-${personaId}-conformance`;
  const phone = kind === "iphone" ? new IPhoneToken({ id, model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"] }) : new AndroidPhoneToken({ id, model: phoneModel("Pixel 8", "14") });
  const added = await world.phones.provision({ phone, card, cardSignPassword: TEST_SIGN_PASSWORD, cardInfoPin: TEST_PIN, healthInsuranceRegistered: true, ...(addedAt ? { now: addedAt } : {}) });
  if (!added.ok) throw new Error(`provisioning ${personaId} refused: ${added.refusal.reason}`);
  const auth = phone.certificates?.auth;
  if (!auth) throw new Error(`${id} holds no certificate`);
  CertificateLinks.shared().register(auth.serialNumber, personaId, kind);
  return phone as unknown as T;
}

/** A phone whose certificate ended `daysAgo` days ago (the card was added a year before). */
export async function expiredPhone(world: EmulatedWorld, kind: "iphone" | "android", personaId: string, daysAgo: number): Promise<PhoneToken> {
  const notAfter = new Date(Date.now() - daysAgo * DAY);
  const card = await cardExpiringAt(world, personaId, notAfter);
  return phoneWith(world, kind, personaId, card, new Date(notAfter.getTime() - 365 * DAY));
}
