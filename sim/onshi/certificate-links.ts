import { createHash } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { DeviceKind } from "../contract/identity-proof.ts";

/** Who a user-authentication certificate belongs to, and on which kind of device it was issued. */
export interface CertificateLink {
  personaId: string;
  deviceKind: DeviceKind;
}

let sharedLinks: CertificateLinks | undefined;

/** Serial numbers compare as numbers: lower-case hex without leading zeros. Undefined when not hex. */
function serialKey(serialNumber: string): string | undefined {
  if (!/^[0-9a-fA-F]+$/.test(serialNumber)) return undefined;
  return serialNumber.toLowerCase().replace(/^0+(?=.)/, "");
}

/** SHA-256 of a public key's SubjectPublicKeyInfo DER, hex. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

/**
 * MODELLED: the link between a JPKI user-authentication certificate and the insured person. The real system learns it
 * through J-LIS (certificate serial ↔ 個人番号 ↔ the insurers' records); how is not public. Here card and phone issuance
 * register each certificate (`links.register(serial, personaId, deviceKind)`), and the device kind recorded at issuance
 * is authoritative: a phone certificate presented as a card's does not get the card's grace after expiry.
 * A fallback by public key (`registerPublicKey`) lets a service in another process recognise devices whose keys come
 * from the shared key cache (the built-in personas' cards), without knowing their random serials.
 */
export class CertificateLinks {
  readonly #bySerial = new Map<string, CertificateLink>();
  readonly #byKey = new Map<string, CertificateLink>();

  /** The process-wide store that in-process issuers register into and services read by default. */
  static shared(): CertificateLinks {
    sharedLinks ??= new CertificateLinks();
    return sharedLinks;
  }

  /** Links a certificate serial (hex) to a persona. A later registration of the same serial replaces the earlier one. */
  register(serialNumber: string, personaId: string, deviceKind: DeviceKind): void {
    const key = serialKey(serialNumber);
    if (key === undefined) throw new RangeError(`serial number must be hex, got ${JSON.stringify(serialNumber)}`);
    this.#bySerial.set(key, { personaId, deviceKind });
  }

  /** Links every certificate carrying this public key to a persona (fallback when the serial is unknown). */
  registerPublicKey(publicKey: KeyObject, personaId: string, deviceKind: DeviceKind): void {
    this.#byKey.set(publicKeyFingerprint(publicKey), { personaId, deviceKind });
  }

  /** The link of a certificate: by serial, else by its public key (computed only when needed). */
  resolve(serialNumber: string, publicKey?: () => KeyObject): CertificateLink | undefined {
    const key = serialKey(serialNumber);
    const bySerial = key === undefined ? undefined : this.#bySerial.get(key);
    if (bySerial !== undefined || publicKey === undefined || this.#byKey.size === 0) return bySerial;
    return this.#byKey.get(publicKeyFingerprint(publicKey()));
  }

  /** Number of serial links. */
  get size(): number {
    return this.#bySerial.size;
  }
}
