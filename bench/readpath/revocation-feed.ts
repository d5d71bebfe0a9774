import { nodeHttpTransport } from "../../sim/onshi/http-transport.ts";

/**
 * Sends revoked user-authentication certificate serials to the service's `POST /admin/revocations` (Bearer admin
 * token; the MODELLED J-LIS feed of sim/onshi/README.md), so the service thread's authority knows what the counter
 * threads' card issuer revoked. Throws on the first refusal.
 */
export async function feedRevocations(baseUrl: string, adminToken: string, serialNumbers: readonly string[]): Promise<void> {
  const transport = nodeHttpTransport({ maxSockets: 1 });
  const headers = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  for (const serialNumber of serialNumbers) {
    const answer = await transport(`${baseUrl}/admin/revocations`, { method: "POST", headers, body: JSON.stringify({ serialNumber }) });
    if (answer.status !== 201) throw new Error(`revoking certificate ${serialNumber}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  }
}
