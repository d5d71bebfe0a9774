import { nodeHttpTransport } from "../../sim/onshi/http-transport.ts";
import type { DeviceKind } from "../../sim/contract/identity-proof.ts";

/** One certificate ↔ person link, as the MODELLED J-LIS feed sends it. */
export interface CertificateLinkEntry {
  serialNumber: string;
  personaId: string;
  deviceKind: DeviceKind;
}

/**
 * Sends links to the service's `POST /admin/links` (Bearer admin token), a few at a time, so they land in the service
 * thread's `CertificateLinks` (and its journal). Throws on the first refusal.
 */
export async function feedCertificateLinks(baseUrl: string, adminToken: string, links: readonly CertificateLinkEntry[]): Promise<void> {
  const transport = nodeHttpTransport({ maxSockets: 4 });
  const headers = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  for (let i = 0; i < links.length; i += 4) {
    await Promise.all(
      links.slice(i, i + 4).map(async (link) => {
        const answer = await transport(`${baseUrl}/admin/links`, { method: "POST", headers, body: JSON.stringify(link) });
        if (answer.status !== 201) throw new Error(`linking certificate ${link.serialNumber}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      }),
    );
  }
}
