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
import { nodeHttpTransport } from "../../sim/onshi/http-transport.ts";
import type { DeviceKind } from "../../sim/contract/identity-proof.ts";
import type { CertificateLinkEntry } from "./certificate-link-feed.ts";
import { CounterDevice } from "./counter-device.ts";
import { type FaultInjectingTransport, faultInjectingTransport } from "./fault-injecting-transport.ts";
import { PilotDevices } from "./pilot-devices.ts";
import type { PilotPatientPlan } from "./pilot-patient-plan.ts";
import type { BenchCarrier, BenchHttpClient, CleanMix, CounterSpec } from "./readpath-messages.ts";
import { socketHttpTransport } from "./socket-http-transport.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

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
  /** Also issue the pilot mix's special devices ({@link PilotDevices}). */
  pilot: boolean;
}

/**
 * One counter (qualification terminal) of a facility with its own client of the service and its own patients' devices:
 * `devicesPerCounter` cards and as many phones (Android and iPhone alternating) of distinct personas, each phone
 * provisioned from its card through the phone registry (real APDUs, own keys and certificates). Devices are made once,
 * before timing; their links (in-process, or each its own ws socket) are opened once too.
 */
export class BenchCounter {
  #next = { phone: 0, card: 0 };
  readonly #nextOfKind: Record<DeviceKind, number> = { card: 0, iphone: 0, android: 0 };
  readonly #closers: (() => Promise<void>)[];

  private constructor(
    readonly index: number,
    readonly client: OnshiClient,
    /** The client's transport, where the pilot mix injects its service faults (idle in the clean mixes). */
    readonly faults: FaultInjectingTransport,
    readonly devices: Readonly<Record<CleanMix, readonly CounterDevice[]>>,
    readonly pilot: PilotDevices | undefined,
    closers: (() => Promise<void>)[],
  ) {
    this.#closers = closers;
  }

  /**
   * Issues the cards, adds them to phones, opens the links; `links` receives the certificates to link at the service,
   * `revocations` the serials the service must learn are revoked (pilot devices).
   */
  static async provision(spec: CounterSpec, context: CounterProvisioning, links: CertificateLinkEntry[], revocations: string[] = []): Promise<BenchCounter> {
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
      const provisioned = await phoneRegistry.provision({ phone, card, cardSignPassword: DEFAULT_CREDENTIALS.signPassword, cardInfoPin: DEFAULT_CREDENTIALS.cardInfoPin, healthInsuranceRegistered: true });
      if (!provisioned.ok) throw new Error(`adding ${personaId}'s card to ${phone.description} was refused: ${provisioned.refusal.message}`);
      const kind = android ? "android" : "iphone";
      phones.push(new CounterDevice(kind, personaId, phone, await open(phone)));
      links.push({ serialNumber: provisioned.record.certificates.auth.serialNumber, personaId, deviceKind: kind });
    }
    const pilot = context.pilot ? await PilotDevices.provision(spec.index, context.authority, open, links, revocations) : undefined;
    const faults = faultInjectingTransport(context.httpClient === "socket" ? socketHttpTransport(context.baseUrl) : nodeHttpTransport());
    const client = new OnshiClient({
      baseUrl: context.baseUrl,
      medicalInstitutionCode: spec.facility.medicalInstitutionCode,
      secret: spec.facility.secret,
      // Each answer brings the counter's next challenge: one HTTP round trip per qualification.
      prefetchChallenges: true,
      transport: faults.transport,
    });
    return new BenchCounter(spec.index, client, faults, { phone: phones, card: cards }, pilot, closers);
  }

  /** The device of a pilot-mix patient: a special one for a certificate not valid or a PIN block, else the next of its kind. */
  deviceFor(plan: PilotPatientPlan): CounterDevice {
    const special = this.pilot?.deviceFor(plan);
    if (special !== undefined) return special;
    const pool = plan.device === "card" ? this.devices.card : this.devices.phone.filter((d) => d.kind === plan.device);
    const device = pool[this.#nextOfKind[plan.device]++ % pool.length];
    if (device === undefined) throw new Error(`counter ${this.index} has no ${plan.device} (use --devices 2 or more for both phone kinds)`);
    return device;
  }

  /** The next patient of the mix (the counter's devices in turn). */
  nextDevice(mix: CleanMix): CounterDevice {
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
