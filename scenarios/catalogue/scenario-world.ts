import { join } from "node:path";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import type { MyNumberCard } from "../../sim/cards/my-number-card.ts";
import type { QualificationService } from "../../sim/contract/qualification-service.ts";
import { CertificateLinks, createOnshiApp, generateTestFacilities, OnshiClient, OnshiService, type UsageCounts } from "../../sim/onshi/index.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, PhoneRegistry, type PhoneToken, type ProvisionResult } from "../../sim/phones/index.ts";
import { printedCardFaces } from "../../sim/readers/face-auth/card-face-scanner.ts";
import { ManualClock } from "../../sim/readers/face-auth/manual-clock.ts";
import { findReaderModel } from "../../sim/readers/face-auth/reader-models.ts";
import { GeneralPurposeReader, type UsbReaderProfile, UsbReaderProfiles } from "../../sim/readers/general-purpose/index.ts";
import type { RuleSwitchboard } from "../../sim/rules/index.ts";
import { CounterStation, type ReaderRegistry } from "../../sim/station/index.ts";
import { ApduTrace } from "../../sim/trace/index.ts";
import { SeededRandom } from "../seeded-random.ts";
import { BlinkingRedFault } from "./mechanisms/blinking-red-fault.ts";
import { type CarrierPorts, carrierPorts, type ScenarioCarrier } from "./mechanisms/carrier-ports.ts";
import type { ScenarioEntry } from "./scenario-entry.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

/** The catalogue's default day: after the 2025-09-19 start of phone use (docs/domain/timeline.md). */
export const DEFAULT_SCENARIO_DATE = "2025-10-01";

const FACILITY_INDEX = { hospital: 0, clinic: 1, dental: 2, pharmacy: 3 } as const;

/** UsbReaderProfiles keys by the catalogue's names. */
const USB_PROFILES: Record<string, UsbReaderProfile> = {
  "rc-s300-p": UsbReaderProfiles.rcS300P,
  "generic-part3": UsbReaderProfiles.genericPart3,
  "short-apdu-only": UsbReaderProfiles.shortApduOnly,
  "full-atqb-atr": UsbReaderProfiles.fullAtqbAtr,
  "android-remote-reader": UsbReaderProfiles.androidRemoteReader,
};

/** Options of {@link openScenarioWorld}. */
export interface ScenarioWorldOptions {
  rules?: RuleSwitchboard;
  carrier: ScenarioCarrier;
  seed: number;
  /** Folder for the RES folder and fallback log. */
  dir: string;
}

/** Everything a scenario runs in: one facility's counter, its service, the patient's card and phones. */
export interface ScenarioWorld {
  clock: ManualClock;
  station: CounterStation;
  ports: CarrierPorts;
  /** The FACR's own antenna and the general-purpose reader, where patients hold devices (in-process). */
  antenna: GeneralPurposeReader;
  gp: GeneralPurposeReader;
  cards: CardRegistry;
  card: MyNumberCard;
  phones: PhoneRegistry;
  phone: PhoneToken | undefined;
  secondPhone: PhoneToken | undefined;
  links: CertificateLinks;
  trace: ApduTrace;
  fault: BlinkingRedFault;
  /** The provisioning done while setting up, if any. */
  setupProvision: ProvisionResult | undefined;
  usage(): Promise<UsageCounts>;
  newPhone(id: string): PhoneToken;
  close(): Promise<void>;
}

/** Builds the setting of `entry`: service in-process (its HTTP app without sockets), counter, card, phones. */
export async function openScenarioWorld(entry: ScenarioEntry, options: ScenarioWorldOptions): Promise<ScenarioWorld> {
  const { setting } = entry;
  const start = Date.parse(`${setting.date ?? DEFAULT_SCENARIO_DATE}T01:00:00Z`); // 10:00 in Japan
  const clock = new ManualClock(start);
  const now = (): number => clock.now();
  const rng = new SeededRandom(options.seed);
  const cards = new CardRegistry({ now: new Date(start) });
  const authority = await cards.authority();
  const links = new CertificateLinks();
  const facilities = generateTestFacilities();
  const facility = facilities[FACILITY_INDEX[setting.facility]] ?? facilities[0];
  if (facility === undefined) throw new Error("no test facility");
  const service = await OnshiService.open({ authority, facilities, dataDir: null, links, clock: () => new Date(now()), sync: "none", ...(options.rules ? { rules: options.rules } : {}) });
  const app = createOnshiApp(service);
  const client = new OnshiClient({
    baseUrl: "http://onshi.invalid",
    medicalInstitutionCode: facility.medicalInstitutionCode,
    secret: facility.secret,
    fetch: (input, init) => Promise.resolve(app.fetch(new Request(input, init))),
  });
  const counterService: QualificationService & ReaderRegistry = setting.service === "down" ? downService(client) : client;
  const profile = findReaderModel(setting.reader);
  const gpSetting = setting.generalPurposeReader;
  const gpBase = USB_PROFILES[gpSetting.model] ?? UsbReaderProfiles.rcS300P;
  const gpProfile: UsbReaderProfile = gpSetting.responseTimeoutMs === undefined ? gpBase : { ...gpBase, responseTimeoutMs: gpSetting.responseTimeoutMs };
  const antenna = new GeneralPurposeReader({ ...UsbReaderProfiles.rcS300P, id: "facr-antenna", name: `${profile.model} card antenna` });
  const gp = new GeneralPurposeReader(gpProfile);
  const ports = await carrierPorts(options.carrier, antenna, gp).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  const fault = new BlinkingRedFault(setting.readerFault === "blinking-red");
  const trace = new ApduTrace({ limit: 20_000 });
  const gpConnected = gpSetting.model !== "none" && gpSetting.setUp !== "not-set-up";
  const station = await CounterStation.open({
    profile,
    service: counterService,
    medicalInstitutionCode: facility.medicalInstitutionCode,
    resDir: join(options.dir, "RES"),
    fallbackLog: join(options.dir, "fallbacks.jsonl"),
    keyStore: KeyStore.shared(),
    serial: "0001",
    clock,
    cardFaceScanner: (input) => printedCardFaces(cards.issued())(input),
    trace,
    cardSlotPort: fault.port(ports.antenna),
    generalPurposePort: ports.gp,
    generalPurposeReader: gpConnected,
    generalPurposeReaderName: gpProfile.name,
    ...(options.rules ? { rules: options.rules } : {}),
  });
  // Connected and configured after the last restarts: the button waits for both restarts (docs/domain/counter-flow.md#phone-button).
  if (gpConnected && gpSetting.setUp === "not-restarted") station.settings.configureGeneralPurposeReader(ports.gp);

  const card = await cards.card(setting.persona);
  links.register(card.authCertificate.serialNumber, card.persona.id, "card");
  const phones = new PhoneRegistry({ authority, clock: now, ...(options.rules ? { rules: options.rules } : {}) });
  const device = setting.device;
  const newPhone = (id: string): PhoneToken => {
    if (device.kind === "card") throw new Error("the setting has no phone");
    const model = phoneModel(device.model, device.os, device.extendedApdus === undefined ? {} : { extendedApdus: device.extendedApdus });
    const random = (size: number): Uint8Array => rng.bytes(size);
    if (device.kind === "android") return new AndroidPhoneToken({ id, model, random });
    const biometrics = device.biometrics ?? [model.biometricSensors.includes("face") ? "face" : "touch"];
    return new IPhoneToken({ id, model, random, registeredBiometrics: biometrics, clock: now, ...(options.rules ? { rules: options.rules } : {}) });
  };
  let phone: PhoneToken | undefined;
  let setupProvision: ProvisionResult | undefined;
  if (device.kind !== "card") {
    phone = newPhone(`${device.kind}-${setting.persona}`);
    if (device.cardAdded !== false) {
      const when = device.addedDaysBeforeExpiry === undefined ? new Date(start) : new Date(card.authCertificate.notAfter.getTime() - device.addedDaysBeforeExpiry * 86_400_000);
      setupProvision = await phones.provision({ phone, card, cardSignPassword: DEFAULT_CREDENTIALS.signPassword, cardInfoPin: DEFAULT_CREDENTIALS.cardInfoPin, healthInsuranceRegistered: true, now: when });
      if (setupProvision.ok) links.register(setupProvision.record.certificates.auth.serialNumber, setting.persona, device.kind);
    }
  }
  return {
    clock,
    station,
    ports,
    antenna,
    gp,
    cards,
    card,
    phones,
    phone,
    secondPhone: undefined,
    links,
    trace,
    fault,
    setupProvision,
    usage: () => client.usage(),
    newPhone,
    close: async () => {
      antenna.remove();
      gp.remove();
      await station.close();
      await ports.close();
      await service.close();
    },
  };
}

/** The service unreachable (system or network trouble, docs/domain/fallbacks.md#online-check-impossible): every call fails. */
function downService(client: OnshiClient): QualificationService & ReaderRegistry {
  const down = (): Promise<never> => Promise.reject(new Error("connect ECONNREFUSED: the online qualification service is unreachable (modelled outage)"));
  return {
    requestChallenge: down,
    qualify: down,
    recordConsent: down,
    queryInsurance: down,
    registerReader: (id, key) => client.registerReader(id, key),
  };
}
