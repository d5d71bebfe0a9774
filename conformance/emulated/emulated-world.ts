import { join } from "node:path";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import { OnshiClient, type RunningOnshiServer, SERVICE_FILES, startOnshiServer } from "../../sim/onshi/index.ts";
import { type JpkiAuthority, KeyStore } from "../../sim/pki/index.ts";
import { PhoneRegistry } from "../../sim/phones/index.ts";
import { DeviceSockets } from "../../scenarios/clinic/device-sockets.ts";

/** The service side and the population one DUT run uses: the online service on loopback, cards, phones, device sockets. */
export interface EmulatedWorld {
  server: RunningOnshiServer;
  client: OnshiClient;
  facility: { medicalInstitutionCode: string; secret: string };
  cards: CardRegistry;
  phones: PhoneRegistry;
  authority: JpkiAuthority;
  sockets: DeviceSockets;
  /** The service's journal file (docs: sim/onshi/README.md, durability). */
  journalFile: string;
  close(): Promise<void>;
}

/**
 * Starts a fresh world under `dir`: its own card registry (so PIN counters of one run never leak into the next, see
 * docs/domain/card-apdus.md#modelled-here), keys from the shared on-disk cache, the service with its journal in `dir/onshi`.
 */
export async function openEmulatedWorld(dir: string): Promise<EmulatedWorld> {
  const cards = new CardRegistry({ keyStore: KeyStore.shared() });
  const authority = await cards.authority();
  const dataDir = join(dir, "onshi");
  const server = await startOnshiServer({ authority, dataDir });
  const facility = server.facilities[0];
  if (!facility) throw new Error("the online service has no facility");
  const client = new OnshiClient({ baseUrl: server.url, medicalInstitutionCode: facility.medicalInstitutionCode, secret: facility.secret });
  const phones = new PhoneRegistry({ authority, keyStore: KeyStore.shared() });
  const sockets = new DeviceSockets();
  return {
    server,
    client,
    facility: { medicalInstitutionCode: facility.medicalInstitutionCode, secret: facility.secret },
    cards,
    phones,
    authority,
    sockets,
    journalFile: join(dataDir, SERVICE_FILES.journal),
    close: async () => {
      await sockets.close();
      await server.close();
    },
  };
}
