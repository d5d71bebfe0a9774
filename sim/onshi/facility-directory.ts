import { hash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FacilityKind } from "./medical-institution-code.ts";
import { facilityKindOf, isValidMedicalInstitutionCode, medicalInstitutionCode } from "./medical-institution-code.ts";

/** A facility's registration with the service: its code, its secret (a test credential) and a display name. */
export interface FacilityCredentials {
  /** 医療機関コード, 10 digits with a valid check digit. */
  medicalInstitutionCode: string;
  /** Shared secret sent with every request (HTTP Basic). Never logged. */
  secret: string;
  name: string;
}

/** A registered facility as the service sees it (no secret). */
export interface Facility {
  medicalInstitutionCode: string;
  name: string;
  kind: FacilityKind;
}

/** SHA-256 of a text (one-shot `crypto.hash`: every request is authenticated, and it is a third cheaper than `createHash`). */
const sha256 = (text: string): Buffer => hash("sha256", text, "buffer");

/**
 * The facilities registered with the service (MODELLED: real facilities connect over the 医療機関等向け
 * VPN with client certificates; here each has a code and a secret). Keeps only SHA-256 digests of the secrets and
 * compares them in constant time.
 */
export class FacilityDirectory {
  readonly #facilities = new Map<string, { facility: Facility; digest: Buffer }>();

  /** Throws a RangeError on an invalid code, a secret shorter than 16 characters, or a code registered twice. */
  constructor(facilities: readonly FacilityCredentials[]) {
    for (const f of facilities) {
      if (!isValidMedicalInstitutionCode(f.medicalInstitutionCode)) throw new RangeError(`facility ${JSON.stringify(f.name)}: invalid medical institution code ${JSON.stringify(f.medicalInstitutionCode)}`);
      if (f.secret.length < 16) throw new RangeError(`facility ${f.medicalInstitutionCode}: secret must have at least 16 characters`);
      if (this.#facilities.has(f.medicalInstitutionCode)) throw new RangeError(`facility ${f.medicalInstitutionCode} registered twice`);
      this.#facilities.set(f.medicalInstitutionCode, {
        facility: Object.freeze({ medicalInstitutionCode: f.medicalInstitutionCode, name: f.name, kind: facilityKindOf(f.medicalInstitutionCode) }),
        digest: sha256(f.secret),
      });
    }
  }

  /** The facility if the code is registered and the secret is its own. */
  authenticate(code: string, secret: string): Facility | undefined {
    const entry = this.#facilities.get(code);
    const digest = sha256(secret);
    // Compare even for an unknown code, so timing does not tell registered codes apart.
    const match = timingSafeEqual(entry?.digest ?? digest.map((b) => b ^ 0xff), digest);
    return match && entry !== undefined ? entry.facility : undefined;
  }

  /** A registered facility by code. */
  get(code: string): Facility | undefined {
    return this.#facilities.get(code)?.facility;
  }

  /** Every registered facility. */
  list(): Facility[] {
    return [...this.#facilities.values()].map((e) => e.facility);
  }
}

/**
 * Test credentials for local use: one facility of each kind (hospital, clinic, dental clinic, pharmacy) in Tokyo, with
 * random secrets. Not anyone's real codes or secrets.
 */
export function generateTestFacilities(): FacilityCredentials[] {
  const secret = (): string => randomBytes(18).toString("base64url");
  return [
    { medicalInstitutionCode: medicalInstitutionCode(13, "medical", 900_001), secret: secret(), name: "みどり総合病院（模擬）" },
    { medicalInstitutionCode: medicalInstitutionCode(13, "medical", 900_002), secret: secret(), name: "さくら内科クリニック（模擬）" },
    { medicalInstitutionCode: medicalInstitutionCode(13, "dental", 900_003), secret: secret(), name: "あおば歯科医院（模擬）" },
    { medicalInstitutionCode: medicalInstitutionCode(13, "pharmacy", 900_004), secret: secret(), name: "ひかり薬局（模擬）" },
  ];
}
