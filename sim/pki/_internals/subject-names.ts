import { createHash } from "node:crypto";
import type { CertificateHolder } from "../certificate-holder.ts";
import type { CertificateKind } from "../certificate-kind.ts";
import type { x509 } from "../x509.ts";

/** The OU that names each JPKI CA (as in the real CAs' names). */
const caUnits: Readonly<Record<CertificateKind, string>> = {
  auth: "JPKI for user authentication",
  sign: "JPKI for digital signature",
};
const operator = "Japan Agency for Local Authority Information Systems";

/** MODELLED: municipalities for the subject OU; chosen by a hash of the address, not parsed from it. */
const municipalities = [
  "Tokyo-to Chiyoda-ku",
  "Tokyo-to Setagaya-ku",
  "Kanagawa-ken Yokohama-shi",
  "Osaka-fu Osaka-shi",
  "Aichi-ken Nagoya-shi",
  "Hokkaido Sapporo-shi",
  "Miyagi-ken Sendai-shi",
  "Hiroshima-ken Hiroshima-shi",
  "Fukuoka-ken Fukuoka-shi",
  "Okinawa-ken Naha-shi",
] as const;

const idAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A CA's name: C=JP, O=<authority name>, OU=<kind's unit>, OU=<operator>. */
export function caName(kind: CertificateKind, authorityName: string): x509.JsonName {
  return [{ C: ["JP"] }, { O: [authorityName] }, { OU: [caUnits[kind]] }, { OU: [operator] }];
}

/** The default municipality of a holder (stable for a given address). */
export function municipalityFor(holder: CertificateHolder): string {
  const digest = createHash("sha256").update(holder.address).digest();
  return municipalities[(digest[0] ?? 0) % municipalities.length] ?? municipalities[0];
}

/** MODELLED: a 25-character id for the CN of a user-authentication certificate, derived from the serial number. */
export function opaqueSubjectId(serialNumber: string): string {
  const digest = createHash("sha256").update(`myna-hil auth subject ${serialNumber}`).digest();
  return Array.from(digest.subarray(0, 25), (octet) => idAlphabet[octet % idAlphabet.length]).join("");
}

/**
 * An end-entity subject. auth: C=JP, O, OU=<kind's unit>, OU=<municipality>, CN=<opaque id>, no personal name.
 * sign: the same with CN = the holder's name (the name is also in the subjectAltName).
 */
export function endEntityName(kind: CertificateKind, authorityName: string, municipality: string, commonName: string): x509.JsonName {
  return [{ C: ["JP"] }, { O: [authorityName] }, { OU: [caUnits[kind]] }, { OU: [municipality] }, { CN: [commonName] }];
}
