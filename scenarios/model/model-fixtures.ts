import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import type { MyNumberCard } from "../../sim/cards/my-number-card.ts";
import { CertificateLinks, createOnshiApp, generateTestFacilities, OnshiClient, OnshiService } from "../../sim/onshi/index.ts";
import type { JpkiAuthority } from "../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, PhoneRegistry, type PhoneToken } from "../../sim/phones/index.ts";
import type { RuleSwitchboard } from "../../sim/rules/index.ts";
import { CARD_PERSONA, type CounterConfig, PHONE_PERSONA } from "./counter-config.ts";
import { IPHONE_WINDOW_MS } from "./counter-model.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

/** The day the sequences run: after the 2025-09-19 start of phone use (docs/domain/timeline.md), 10:00 in Japan. */
export const MODEL_DAY = Date.parse("2025-10-01T01:00:00Z");

/** The patient's test credentials (docs/architecture.md#command-line-contract). */
export const RIGHT_PIN = DEFAULT_CREDENTIALS.authPin;

/**
 * What every sequence shares, set up once per process: the online service (in-process, through its HTTP app without
 * sockets), the facility's credentials, the cards of the personas and the two phones. Devices keep PIN counters and
 * windows between sequences; {@link reset} brings them back (a correct VERIFY resets a counter; a blocked card or phone
 * is issued again).
 */
export class ModelFixtures {
  readonly client: OnshiClient;
  readonly medicalInstitutionCode: string;
  readonly dir: string;
  private readonly authority: JpkiAuthority;
  private readonly links: CertificateLinks;
  private readonly service: OnshiService;
  private readonly cards = new Map<string, MyNumberCard>();
  private readonly allCards: MyNumberCard[] = [];
  private readonly phones = new Map<CounterConfig["phone"], PhoneToken>();
  private readonly rules: RuleSwitchboard | undefined;
  /** The time the phones see (the current sequence's manual clock, plus a skew for a Face ID done long ago). */
  phoneNow: () => number = () => MODEL_DAY;

  private constructor(parts: { client: OnshiClient; medicalInstitutionCode: string; dir: string; authority: JpkiAuthority; links: CertificateLinks; service: OnshiService; rules: RuleSwitchboard | undefined }) {
    this.client = parts.client;
    this.medicalInstitutionCode = parts.medicalInstitutionCode;
    this.dir = parts.dir;
    this.authority = parts.authority;
    this.links = parts.links;
    this.service = parts.service;
    this.rules = parts.rules;
  }

  /** Sets up the shared world (keys come from the on-disk key cache). */
  static async open(options: { rules?: RuleSwitchboard } = {}): Promise<ModelFixtures> {
    const dir = await mkdtemp(join(tmpdir(), "myna-model-"));
    const registry = new CardRegistry({ now: new Date(MODEL_DAY) });
    const authority = await registry.authority();
    const links = new CertificateLinks();
    const facilities = generateTestFacilities();
    const facility = facilities[1] ?? facilities[0];
    if (facility === undefined) throw new Error("no test facility");
    const service = await OnshiService.open({ authority, facilities, dataDir: null, links, clock: () => new Date(MODEL_DAY), sync: "none", ...(options.rules ? { rules: options.rules } : {}) });
    const app = createOnshiApp(service);
    const client = new OnshiClient({
      baseUrl: "http://onshi.invalid",
      medicalInstitutionCode: facility.medicalInstitutionCode,
      secret: facility.secret,
      fetch: (input, init) => Promise.resolve(app.fetch(new Request(input, init))),
    });
    const fixtures = new ModelFixtures({ client, medicalInstitutionCode: facility.medicalInstitutionCode, dir, authority, links, service, rules: options.rules });
    for (const persona of Object.values(CARD_PERSONA)) await fixtures.issueCard(persona);
    for (const kind of ["iphone", "android"] as const) await fixtures.issuePhone(kind);
    return fixtures;
  }

  /** The card of a persona. */
  card(persona: string): MyNumberCard {
    const card = this.cards.get(persona);
    if (card === undefined) throw new Error(`no card for ${persona}`);
    return card;
  }

  /** Every card issued so far (the reader's camera recognises their faces). */
  get issuedCards(): readonly MyNumberCard[] {
    return this.allCards;
  }

  /** The patient's phone of `kind`. */
  phone(kind: CounterConfig["phone"]): PhoneToken {
    const phone = this.phones.get(kind);
    if (phone === undefined) throw new Error(`no ${kind}`);
    return phone;
  }

  /** Brings the devices back to their first state after a sequence. */
  async reset(): Promise<void> {
    const pin = new TextEncoder().encode(RIGHT_PIN);
    for (const [persona, card] of this.cards) if (card.pins.auth.check(pin).result === "blocked") await this.issueCard(persona);
    for (const [kind, phone] of this.phones) {
      if (phone instanceof IPhoneToken) {
        phone.authorisation.close();
        // Its auth PIN is not the patient's: a VERIFY sent to it by mistake (Android chosen) only uses tries up.
        const auth = phone.pins?.auth;
        if (auth !== undefined && auth.triesLeft < auth.maxTries) await this.issuePhone(kind);
      } else if (phone.pins?.auth.check(pin).result !== "ok") await this.issuePhone(kind);
    }
  }

  /** Usage counts of the facility (docs/domain/rules.md#usage-rate-credit). */
  usage(): Promise<number> {
    return this.client.usage().then((u) => u.myNumberUses);
  }

  async close(): Promise<void> {
    await this.service.close();
  }

  private async issueCard(persona: string): Promise<void> {
    const registry = new CardRegistry({ authority: this.authority, now: new Date(MODEL_DAY) });
    const card = await registry.card(persona);
    this.links.register(card.authCertificate.serialNumber, card.persona.id, "card");
    this.cards.set(persona, card);
    this.allCards.push(card);
  }

  private async issuePhone(kind: CounterConfig["phone"]): Promise<void> {
    const phones = new PhoneRegistry({ authority: this.authority, clock: () => MODEL_DAY, ...(this.rules ? { rules: this.rules } : {}) });
    let n = 0;
    const random = (size: number): Uint8Array => Uint8Array.from({ length: size }, () => (n++ * 37 + 11) & 0xff);
    const phone: PhoneToken =
      kind === "android"
        ? new AndroidPhoneToken({ id: `model-android-${this.phones.size}`, model: phoneModel("Pixel 8", "14"), random })
        : new IPhoneToken({ id: `model-iphone-${this.phones.size}`, model: phoneModel("iPhone 15", "18.5"), random, registeredBiometrics: ["face"], authorisationWindowMs: IPHONE_WINDOW_MS, clock: () => this.phoneNow(), ...(this.rules ? { rules: this.rules } : {}) });
    const card = await new CardRegistry({ authority: this.authority, now: new Date(MODEL_DAY) }).card(PHONE_PERSONA);
    const result = await phones.provision({ phone, card, cardSignPassword: DEFAULT_CREDENTIALS.signPassword, cardInfoPin: RIGHT_PIN, healthInsuranceRegistered: true, now: new Date(MODEL_DAY) });
    if (!result.ok) throw new Error(`the ${kind} could not be provisioned: ${result.refusal.reason}`);
    this.links.register(result.record.certificates.auth.serialNumber, PHONE_PERSONA, kind);
    this.phones.set(kind, phone);
  }
}
