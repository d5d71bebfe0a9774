import { CardRegistry } from "../../sim/cards/card-registry.ts";
import type { MyNumberCard } from "../../sim/cards/my-number-card.ts";
import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import { AndroidPhoneToken } from "../../sim/phones/android-phone-token.ts";
import { IPhoneToken } from "../../sim/phones/iphone-token.ts";
import { phoneModel } from "../../sim/phones/phone-models.ts";
import { PhoneRegistry } from "../../sim/phones/phone-registry.ts";
import type { PhoneToken } from "../../sim/phones/phone-token.ts";
import type { Transceiver } from "../../sim/apdu/index.ts";
import type { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import type { CertificateLinkEntry } from "./certificate-link-feed.ts";
import { CounterDevice } from "./counter-device.ts";
import type { PilotCertificate, PilotPatientPlan } from "./pilot-patient-plan.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

type PhoneKind = Exclude<DeviceKind, "card">;

/**
 * Built-in personas of the pilot devices (sim/personas/personas.ts): P0006 and P0019 expired within the card's 3-month
 * grace, P0007 beyond it, P0008 revoked; P0001–P0003 valid (their cards here are separate card objects from the
 * counter's clean pool, so a blocked PIN stays with the block card).
 */
const PERSONAS = { inGrace: ["P0006", "P0019"], expired: "P0007", revoked: "P0008", block: "P0001", revokedPhones: ["P0002", "P0003"] } as const;

/** Days before the card's expiry at which the expired phones got the card (their certificates follow its expiry). */
const ADDED_DAYS_BEFORE_EXPIRY = 30;

/**
 * The special devices a counter needs for the pilot mix, besides its clean pool: cards with a certificate in grace,
 * expired and revoked; a card whose PIN gets blocked; iPhone and Android phones whose certificate expired with the
 * card's (no grace for a phone: docs/domain/phone-token.md), and phones whose certificate the service learnt was
 * revoked (MODELLED J-LIS feed, `POST /admin/revocations`). Issued once, before timing, from registries of their own.
 */
export class PilotDevices {
  private constructor(
    readonly cards: Readonly<Record<Exclude<PilotCertificate, "valid">, CounterDevice>>,
    readonly blockCard: CounterDevice,
    readonly expiredPhones: Readonly<Record<PhoneKind, CounterDevice>>,
    readonly revokedPhones: Readonly<Record<PhoneKind, CounterDevice>>,
  ) {}

  /**
   * Issues the devices; `links` receives their certificates to link at the service and `revocations` the serials the
   * service must learn are revoked. `open` makes each device's link (in-process or ws).
   */
  static async provision(
    counterIndex: number,
    authority: JpkiAuthority,
    open: (device: MyNumberCard | PhoneToken) => Promise<Transceiver>,
    links: CertificateLinkEntry[],
    revocations: string[],
  ): Promise<PilotDevices> {
    const keyStore = KeyStore.shared();
    const cardRegistry = new CardRegistry({ authority, keyStore });
    const phoneRegistry = new PhoneRegistry({ authority, keyStore });
    const card = async (personaId: string): Promise<CounterDevice> => {
      const c = await cardRegistry.card(personaId);
      links.push({ serialNumber: c.authCertificate.serialNumber, personaId, deviceKind: "card" });
      return new CounterDevice("card", personaId, c, await open(c));
    };
    const phone = async (kind: PhoneKind, personaId: string, addedAt?: (c: MyNumberCard) => Date, revoke = false): Promise<CounterDevice> => {
      const c = await cardRegistry.card(personaId);
      const id = `counter${counterIndex}-pilot-${kind}-${personaId}`;
      const token: PhoneToken =
        kind === "android" ? new AndroidPhoneToken({ id, model: phoneModel("Pixel 8", "14") }) : new IPhoneToken({ id, model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"] });
      const added = await phoneRegistry.provision({ phone: token, card: c, cardSignPassword: DEFAULT_CREDENTIALS.signPassword, cardInfoPin: DEFAULT_CREDENTIALS.cardInfoPin, healthInsuranceRegistered: true, ...(addedAt ? { now: addedAt(c) } : {}) });
      if (!added.ok) throw new Error(`adding ${personaId}'s card to ${token.description} was refused: ${added.refusal.message}`);
      const serialNumber = added.record.certificates.auth.serialNumber;
      links.push({ serialNumber, personaId, deviceKind: kind });
      if (revoke) revocations.push(serialNumber);
      return new CounterDevice(kind, personaId, token, await open(token));
    };
    const beforeExpiry = (c: MyNumberCard): Date => new Date(c.authCertificate.notAfter.getTime() - ADDED_DAYS_BEFORE_EXPIRY * 86_400_000);

    const inGrace = await card(PERSONAS.inGrace[0]);
    const expired = await card(PERSONAS.expired);
    const revoked = await card(PERSONAS.revoked);
    // The card issuer revoked it at its own authority; the service thread's authority learns it from the feed.
    revocations.push((await cardRegistry.card(PERSONAS.revoked)).authCertificate.serialNumber);
    const blockCard = await card(PERSONAS.block);
    const expiredPhones = { iphone: await phone("iphone", PERSONAS.inGrace[0], beforeExpiry), android: await phone("android", PERSONAS.inGrace[1], beforeExpiry) };
    const revokedPhones = { iphone: await phone("iphone", PERSONAS.revokedPhones[0], undefined, true), android: await phone("android", PERSONAS.revokedPhones[1], undefined, true) };
    return new PilotDevices({ "expired-in-grace": inGrace, expired, revoked }, blockCard, expiredPhones, revokedPhones);
  }

  /**
   * The device for a plan whose certificate is not valid or whose PIN gets blocked; undefined when the counter's clean
   * pool serves it. A phone whose card expired (in grace or beyond) carries an expired certificate.
   */
  deviceFor(plan: Pick<PilotPatientPlan, "device" | "certificate" | "pin">): CounterDevice | undefined {
    if (plan.device === "card") {
      if (plan.pin === "block") return this.blockCard;
      return plan.certificate === "valid" ? undefined : this.cards[plan.certificate];
    }
    if (plan.certificate === "valid") return undefined;
    return plan.certificate === "revoked" ? this.revokedPhones[plan.device] : this.expiredPhones[plan.device];
  }
}
