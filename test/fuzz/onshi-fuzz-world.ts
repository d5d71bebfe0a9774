import { generateKeyPairSync } from "node:crypto";
import { createOnshiApp } from "../../sim/onshi/onshi-app.ts";
import { OnshiService } from "../../sim/onshi/onshi-service.ts";
import type { OnshiServiceOptions } from "../../sim/onshi/onshi-service.ts";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { CLINIC, PHARMACY, basicAuth, deviceProof, issueDevice, testAuthority } from "../onshi/support/onshi-fixture.ts";
import type { TestDevice } from "../onshi/support/onshi-fixture.ts";
import { b64 } from "./json-mutations.ts";

/**
 * The emulated national service for the fuzz properties: its hono app called directly (`app.fetch`, no server, no
 * msw), a card for P0001 and a face-auth reader key, and the valid bodies of its routes.
 */
export interface OnshiFuzzWorld {
  service: OnshiService;
  links: CertificateLinks;
  card: TestDevice;
  /** Internal errors the app logged (a 500 each): must stay empty. */
  internalErrors: string[];
  /** One request to the app; `auth` defaults to the clinic's Basic credentials. */
  request(method: string, path: string, init?: { body?: Uint8Array | string | null; headers?: Record<string, string>; auth?: string | null }): Promise<Response>;
  /** A POST with a JSON body, answered as status and parsed JSON. */
  postJson(path: string, body: unknown, auth?: string | null): Promise<{ status: number; body: Record<string, unknown> }>;
  /** A valid `POST /qualifications` body for a fresh challenge (PIN on the card). */
  validQualifyBody(): Promise<Record<string, unknown>>;
  /** A face-auth reader's SPKI (DER, base64). */
  readerKey: string;
  close(): Promise<void>;
}

export async function openOnshiFuzzWorld(options: Partial<OnshiServiceOptions> = {}): Promise<OnshiFuzzWorld> {
  const links = new CertificateLinks();
  const service = await OnshiService.open({ authority: await testAuthority(), facilities: [CLINIC, PHARMACY], links, sync: "none", ...options });
  const internalErrors: string[] = [];
  const app = createOnshiApp(service, { onInternalError: (line) => internalErrors.push(line) });
  const card = await issueDevice(links, "P0001", "card");
  const readerKey = b64(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" }));

  const request: OnshiFuzzWorld["request"] = async (method, path, init = {}) => {
    const headers = new Headers(init.headers);
    const auth = init.auth === undefined ? basicAuth(CLINIC) : init.auth;
    if (auth !== null) headers.set("authorization", auth);
    return app.fetch(new Request(`http://onshi.test${path}`, { method, headers, ...(init.body !== undefined && init.body !== null ? { body: init.body } : {}) }));
  };
  const postJson: OnshiFuzzWorld["postJson"] = async (path, body, auth) => {
    const r = await request("POST", path, { body: JSON.stringify(body), headers: { "content-type": "application/json" }, auth: auth ?? undefined });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const validQualifyBody = async (): Promise<Record<string, unknown>> => {
    const issued = (await postJson("/challenges", {})).body as { challengeId: string; challenge: string };
    const proof = deviceProof(card, { challengeId: issued.challengeId, challenge: new Uint8Array(Buffer.from(issued.challenge, "base64")), expiresAt: new Date() });
    return { deviceKind: "card", method: "pin", certificate: b64(proof.certificate), challengeId: proof.challengeId, challenge: b64(proof.challenge), deviceSignature: b64(proof.deviceSignature ?? new Uint8Array()) };
  };
  return { service, links, card, internalErrors, request, postJson, validQualifyBody, readerKey, close: () => service.close() };
}
