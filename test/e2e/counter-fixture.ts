import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CardRegistry } from "../../sim/cards/index.ts";
import { CertificateLinks, OnshiClient, type RunningOnshiServer, startOnshiServer } from "../../sim/onshi/index.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, PhoneRegistry, type PhoneToken } from "../../sim/phones/index.ts";
import { printedCardFaces } from "../../sim/readers/face-auth/card-face-scanner.ts";
import type { ReaderProfile } from "../../sim/readers/face-auth/reader-profile.ts";
import { XMLParser } from "fast-xml-parser";
import { CounterStation, type CounterStationOptions } from "../../sim/station/counter-station.ts";
import { DeviceSockets } from "../../scenarios/clinic/device-sockets.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

/** The online service on loopback, a facility's client, cards and phones issued by the same test authority. */
export interface World {
  server: RunningOnshiServer;
  client: OnshiClient;
  facility: { medicalInstitutionCode: string; secret: string };
  cards: CardRegistry;
  phones: PhoneRegistry;
  sockets: DeviceSockets;
  dir: string;
  close(): Promise<void>;
}

/** Starts the service (journal in a temp folder) and returns the world the end-to-end tests share. */
export async function openWorld(): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), "myna-e2e-"));
  const cards = freshCardRegistry();
  const authority = await cards.authority();
  const server = await startOnshiServer({ authority, dataDir: join(dir, "onshi") });
  const facility = server.facilities[0] as { medicalInstitutionCode: string; secret: string };
  const client = new OnshiClient({ baseUrl: server.url, medicalInstitutionCode: facility.medicalInstitutionCode, secret: facility.secret });
  const phones = new PhoneRegistry({ authority, keyStore: KeyStore.shared() });
  const sockets = new DeviceSockets();
  return {
    server,
    client,
    facility,
    cards,
    phones,
    sockets,
    dir,
    close: async () => {
      await sockets.close();
      await server.close();
    },
  };
}

/** The persona's card, issued and linked at the service (the modelled J-LIS link). */
export async function linkedCard(world: World, personaId: string) {
  const card = await world.cards.card(personaId);
  CertificateLinks.shared().register(card.authCertificate.serialNumber, personaId, "card");
  return card;
}

/** A phone with the persona's card added, linked at the service. */
export async function linkedPhone<T extends PhoneToken>(world: World, kind: "iphone" | "android", personaId: string): Promise<T> {
  const id = `${kind}-${personaId}`;
  const phone = kind === "iphone" ? new IPhoneToken({ id, model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"] }) : new AndroidPhoneToken({ id, model: phoneModel("Pixel 8", "14") });
  const card = await world.cards.card(personaId);
  const result = await world.phones.provision({ phone, card, cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true });
  if (!result.ok) throw new Error(`provisioning ${personaId} refused: ${result.refusal.reason}`);
  const certificates = phone.certificates;
  if (!certificates) throw new Error("phone without certificates");
  CertificateLinks.shared().register(certificates.auth.serialNumber, personaId, kind);
  return phone as unknown as T;
}

/** A counter of `profile` with its RES folder under the world's temp folder; `extra` overrides any option. */
export async function counter(world: World, profile: ReaderProfile, name: string, extra: Partial<CounterStationOptions> = {}): Promise<CounterStation> {
  return CounterStation.open({
    profile,
    service: world.client,
    medicalInstitutionCode: world.facility.medicalInstitutionCode,
    resDir: join(world.dir, name, "RES"),
    fallbackLog: join(world.dir, name, "fallbacks.jsonl"),
    keyStore: KeyStore.shared(),
    serial: name,
    // The reader "reads" 照合番号B off the printed face of whichever card is on it (modelled).
    cardFaceScanner: (input) => printedCardFaces(world.cards.issued())(input),
    ...extra,
  });
}

/** The service calls a counter made, by method: the online service's client with a tally in front of it. */
export interface CountedService {
  service: CounterStationOptions["service"];
  calls: { requestChallenge: number; qualify: number; recordConsent: number; queryInsurance: number };
}

/** Wraps the world's client so a test can say the reader never reached the service. */
export function countedService(world: World): CountedService {
  const calls = { requestChallenge: 0, qualify: 0, recordConsent: 0, queryInsurance: 0 };
  const client = world.client;
  return {
    calls,
    service: {
      requestChallenge: () => {
        calls.requestChallenge++;
        return client.requestChallenge();
      },
      qualify: (proof, options) => {
        calls.qualify++;
        return client.qualify(proof, options);
      },
      recordConsent: (id, consent) => {
        calls.recordConsent++;
        return client.recordConsent(id, consent);
      },
      queryInsurance: (request) => {
        calls.queryInsurance++;
        return client.queryInsurance(request);
      },
      registerReader: (id, key) => client.registerReader(id, key),
    },
  };
}

const xml = new XMLParser({ parseTagValue: false, processEntities: false });

/** An OQS result file as plain objects (every value a string, as in the file). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test-side view of an XML document
export async function readOqs(file: string): Promise<any> {
  return (xml.parse(await readFile(file, "utf8")) as { XmlMsg: unknown }).XmlMsg;
}

/** The names of the files in a folder (empty when it does not exist). */
export async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}
