import { CardRegistry } from "../../sim/cards/card-registry.ts";
import type { MyNumberCard } from "../../sim/cards/my-number-card.ts";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { AndroidPhoneToken } from "../../sim/phones/android-phone-token.ts";
import { IPhoneToken } from "../../sim/phones/iphone-token.ts";
import { phoneModel } from "../../sim/phones/phone-models.ts";
import { PhoneRegistry } from "../../sim/phones/phone-registry.ts";
import type { PhoneToken } from "../../sim/phones/phone-token.ts";
import type { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { type Transceiver } from "../../sim/apdu/index.ts";
import { WsDeviceServer } from "../../sim/transport/ws-device-server.ts";
import { WsTransceiver } from "../../sim/transport/ws-transceiver.ts";
import type { CertificateLinkEntry } from "./certificate-link-feed.ts";
import { CounterDevice } from "./counter-device.ts";
import type { BenchCarrier, BenchHttpClient, BenchMix, CounterSpec } from "./readpath-messages.ts";
import { socketHttpTransport } from "./socket-http-transport.ts";

/**
 * Built-in personas whose qualification answers QualificationValidity 1 and who may carry the card on a phone (15 or
 * over, certificates valid): the patients of the benchmark.
 */
export const BENCH_PERSONAS: readonly string[] = ["P0001", "P0002", "P0003", "P0004", "P0011", "P0014", "P0015", "P0017"];

/** What provisioning a counter needs. */
export interface CounterProvisioning {
  authority: JpkiAuthority;
  baseUrl: string;
  devicesPerCounter: number;
  carrier: BenchCarrier;
  httpClient: BenchHttpClient;
}

/**
 * One counter (qualification terminal) of a facility with its own client of the service and its own patients' devices:
 * `devicesPerCounter` cards and as many phones (Android and iPhone alternating) of distinct personas, each phone
 * provisioned from its card through the phone registry (real APDUs, own keys and certificates). Devices are made once,
 * before timing; their links (in-process, or each its own ws socket) are opened once too.
 */
export class BenchCounter {
  #next = { phone: 0, card: 0 };
  readonly #closers: (() => Promise<void>)[];

  private constructor(
    readonly index: number,
    readonly client: OnshiClient,
    readonly devices: Readonly<Record<BenchMix, readonly CounterDevice[]>>,
    closers: (() => Promise<void>)[],
  ) {
    this.#closers = closers;
  }

  /** Issues the cards, adds them to phones, opens the links; `links` receives the certificates to link at the service. */
  static async provision(spec: CounterSpec, context: CounterProvisioning, links: CertificateLinkEntry[]): Promise<BenchCounter> {
    const count = Math.min(context.devicesPerCounter, BENCH_PERSONAS.length);
    const keyStore = KeyStore.shared();
    const cardRegistry = new CardRegistry({ authority: context.authority, keyStore });
    const phoneRegistry = new PhoneRegistry({ authority: context.authority, keyStore });
    const closers: (() => Promise<void>)[] = [];
    const open = async (device: MyNumberCard | PhoneToken): Promise<Transceiver> => {
      if (context.carrier === "in-process") return new InProcessTransceiver(device, { powerOn: false });
      const server = await WsDeviceServer.listen(device, { powerOn: false });
      const link = await WsTransceiver.connect(server.url);
      closers.push(async () => {
        await link.close();
        await server.close();
      });
      return link;
    };
    const phones: CounterDevice[] = [];
    const cards: CounterDevice[] = [];
    for (let i = 0; i < count; i++) {
      const personaId = BENCH_PERSONAS[(spec.index + i) % BENCH_PERSONAS.length] as string;
      const card = await cardRegistry.card(personaId);
      cards.push(new CounterDevice("card", personaId, card, await open(card)));
      links.push({ serialNumber: card.authCertificate.serialNumber, personaId, deviceKind: "card" });

      const android = (spec.index + i) % 2 === 0;
      const id = `counter${spec.index}-${android ? "android" : "iphone"}-${i}`;
      const phone: PhoneToken = android
        ? new AndroidPhoneToken({ id, model: phoneModel("Pixel 8", "14") })
        : new IPhoneToken({ id, model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"] });
      const provisioned = await phoneRegistry.provision({ phone, card, cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true });
      if (!provisioned.ok) throw new Error(`adding ${personaId}'s card to ${phone.description} was refused: ${provisioned.refusal.message}`);
      const kind = android ? "android" : "iphone";
      phones.push(new CounterDevice(kind, personaId, phone, await open(phone)));
      links.push({ serialNumber: provisioned.record.certificates.auth.serialNumber, personaId, deviceKind: kind });
    }
    const client = new OnshiClient({
      baseUrl: context.baseUrl,
      medicalInstitutionCode: spec.facility.medicalInstitutionCode,
      secret: spec.facility.secret,
      // Each answer brings the counter's next challenge: one HTTP round trip per qualification.
      prefetchChallenges: true,
      ...(context.httpClient === "socket" ? { transport: socketHttpTransport(context.baseUrl) } : {}),
    });
    return new BenchCounter(spec.index, client, { phone: phones, card: cards }, closers);
  }

  /** The next patient of the mix (the counter's devices in turn). */
  nextDevice(mix: BenchMix): CounterDevice {
    const pool = this.devices[mix];
    const device = pool[this.#next[mix]++ % pool.length];
    if (device === undefined) throw new Error(`counter ${this.index} has no ${mix} devices`);
    return device;
  }

  /** Closes the device links (ws sockets). */
  async close(): Promise<void> {
    for (const close of this.#closers) await close();
  }
}
