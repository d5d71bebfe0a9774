import { createHash, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { http } from "msw";
import { setupServer } from "msw/node";
import type { SetupServer } from "msw/node";
import { JpkiAuthority, KeyStore } from "../../../sim/pki/index.ts";
import type { IssuedCertificate } from "../../../sim/pki/index.ts";
import { findPersona } from "../../../sim/personas/index.ts";
import { signReaderAttestation } from "../../../sim/contract/index.ts";
import { CertificateLinks } from "../../../sim/onshi/certificate-links.ts";
import type { FacilityCredentials } from "../../../sim/onshi/facility-directory.ts";
import { medicalInstitutionCode } from "../../../sim/onshi/medical-institution-code.ts";
import { createOnshiApp } from "../../../sim/onshi/onshi-app.ts";
import { OnshiClient } from "../../../sim/onshi/onshi-client.ts";
import { OnshiService } from "../../../sim/onshi/onshi-service.ts";
import type { OnshiServiceOptions } from "../../../sim/onshi/onshi-service.ts";
import type { DeviceKind, IdentityMethod, IdentityProof } from "../../../sim/contract/identity-proof.ts";
import type { Challenge } from "../../../sim/onshi/onshi-client.ts";

export const DAY = 86_400_000;

/** Two facilities with fixed test credentials: a clinic and a pharmacy. */
export const CLINIC: FacilityCredentials = { medicalInstitutionCode: medicalInstitutionCode(13, "medical", 901_001), secret: "clinic-secret-0123456789", name: "テスト内科" };
export const PHARMACY: FacilityCredentials = { medicalInstitutionCode: medicalInstitutionCode(27, "pharmacy", 901_002), secret: "pharmacy-secret-0123456789", name: "テスト薬局" };

let authorityPromise: Promise<JpkiAuthority> | undefined;

/** The test JPKI of the shared key cache (the one cards are issued by). */
export function testAuthority(): Promise<JpkiAuthority> {
  authorityPromise ??= JpkiAuthority.create({ keyStore: KeyStore.shared() });
  return authorityPromise;
}

/** A device as the tests need it: its auth certificate and private key. */
export interface TestDevice {
  personaId: string;
  deviceKind: DeviceKind;
  certificate: IssuedCertificate;
  privateKey: KeyObject;
}

/**
 * Issues an auth certificate for a persona on a device kind with chosen validity (default: valid for years), links it,
 * and optionally revokes it. Keys come from the shared cache (`persona:<id>:auth` for a card, `onshi-test:<id>:<kind>`
 * for a phone).
 */
export async function issueDevice(
  links: CertificateLinks,
  personaId: string,
  deviceKind: DeviceKind,
  validity: { notBefore?: Date; notAfter?: Date; revoked?: boolean } = {},
): Promise<TestDevice> {
  const authority = await testAuthority();
  const persona = findPersona(personaId);
  const keys = await KeyStore.shared().keyPair(deviceKind === "card" ? `persona:${personaId}:auth` : `onshi-test:${personaId}:${deviceKind}`);
  const now = Date.now();
  const certificate = await authority.issue({
    kind: "auth",
    publicKey: keys.publicKey,
    notBefore: validity.notBefore ?? new Date(now - 365 * DAY),
    notAfter: validity.notAfter ?? new Date(now + 4 * 365 * DAY),
    holder: { name: persona.name, birthDate: persona.birthDate, sex: persona.sex, address: persona.address },
  });
  links.register(certificate.serialNumber, personaId, deviceKind);
  if (validity.revoked === true) authority.revoke("auth", certificate.serialNumber, { date: new Date(now - DAY) });
  return { personaId, deviceKind, certificate, privateKey: keys.privateKey };
}

/** The proof a device gives for a challenge: its signature over SHA-256(challenge) (pin / biometric). */
export function deviceProof(device: TestDevice, challenge: Challenge, method?: IdentityMethod): IdentityProof {
  return {
    deviceKind: device.deviceKind,
    method: method ?? (device.deviceKind === "iphone" ? "biometric" : "pin"),
    certificate: device.certificate.der,
    challengeId: challenge.challengeId,
    challenge: challenge.challenge,
    deviceSignature: new Uint8Array(sign("sha256", challenge.challenge, device.privateKey)),
  };
}

/**
 * The proof a face-auth reader gives for a face match on a card: the card's certificate and the reader's attestation
 * of challenge ‖ SHA-256(`attestedCertificate`, default the card's own).
 */
export function readerProof(card: TestDevice, challenge: Challenge, readerId: string, readerKey: KeyObject, attestedCertificate: Uint8Array = card.certificate.der): IdentityProof {
  return {
    deviceKind: "card",
    method: "face",
    certificate: card.certificate.der,
    challengeId: challenge.challengeId,
    challenge: challenge.challenge,
    readerAttestation: { readerId, signature: signReaderAttestation(readerKey, challenge.challenge, attestedCertificate) },
  };
}

/** `date` minus whole calendar months (UTC), the day clamped, as the verifier counts grace months. */
export function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The virtual origin the msw-served handler answers on. */
export const MSW_ORIGIN = "http://onshi.test";

/** A service in memory (or on `dataDir`), with its own link store, served through msw at {@link MSW_ORIGIN}. */
export interface MswOnshi {
  service: OnshiService;
  links: CertificateLinks;
  msw: SetupServer;
  client(facility?: FacilityCredentials): OnshiClient;
  /** A raw request to the handler through fetch (msw intercepts it). */
  fetch(path: string, init?: RequestInit & { facility?: FacilityCredentials | null }): Promise<Response>;
  close(): Promise<void>;
}

/** Basic credentials of a facility. */
export function basicAuth(f: FacilityCredentials): string {
  return `Basic ${Buffer.from(`${f.medicalInstitutionCode}:${f.secret}`).toString("base64")}`;
}

/**
 * The request msw hands a resolver, on a fresh body stream: msw waits for its own body stream to be read to the end,
 * so a handler that stops reading an oversized body (413) would otherwise hang the test's fetch.
 */
async function detached(request: Request): Promise<Request> {
  if (request.body === null) return request;
  return new Request(request.url, { method: request.method, headers: request.headers, body: await request.arrayBuffer() });
}

/**
 * "Defined once, served twice": the same hono fetch handler the real server runs, served inside the test process by
 * one msw catch-all handler.
 */
export async function mswOnshi(options: Partial<OnshiServiceOptions> = {}): Promise<MswOnshi> {
  const links = options.links ?? new CertificateLinks();
  const service = await OnshiService.open({ authority: await testAuthority(), facilities: [CLINIC, PHARMACY], links, sync: "none", ...options });
  const app = createOnshiApp(service);
  const msw = setupServer(http.all(`${MSW_ORIGIN}/*`, async ({ request }) => app.fetch(await detached(request))));
  msw.listen({ onUnhandledRequest: "bypass" });
  return {
    service,
    links,
    msw,
    client: (facility = CLINIC) => new OnshiClient({ baseUrl: MSW_ORIGIN, medicalInstitutionCode: facility.medicalInstitutionCode, secret: facility.secret }),
    fetch: (path, init = {}) => {
      const { facility = CLINIC, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (facility !== null && !headers.has("authorization")) headers.set("authorization", basicAuth(facility));
      return fetch(`${MSW_ORIGIN}${path}`, { ...rest, headers });
    },
    close: async () => {
      msw.close();
      await service.close();
    },
  };
}

/** SHA-256 hex, for comparing byte strings in assertions. */
export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
