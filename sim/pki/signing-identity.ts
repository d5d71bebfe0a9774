import type { CertificateHolder } from "./certificate-holder.ts";
import { contextConstructed, objectIdentifier, readChildren, readElement, readObjectIdentifier, readText, sequence, utf8String } from "./_internals/der.ts";
import type { DerElement } from "./_internals/der.ts";
import { jpkiOids } from "./jpki-oids.ts";

/** The holder data read back from a signing certificate, with the raw otherName values by OID. */
export interface SigningIdentity extends CertificateHolder {
  /** Every otherName value of the subjectAltName, keyed by OID, exactly as encoded (e.g. birth date `EYYYYMMDD`). */
  encoded: Readonly<Record<string, string>>;
}

/** ISO 5218, as the SAN's `.5.5.3` entry and the card-info AP's DF25 carry it (jpki/myna Go `SexString`: 1, 2, 9). */
const sexCodes: Readonly<Record<CertificateHolder["sex"], string>> = { male: "1", female: "2", other: "9" };
const subjectAltNameOid = "2.5.29.17";

/** First days of the Japanese eras (Gregorian), newest first, with JPKI's era code. */
const eras: readonly (readonly [string, number])[] = [
  ["2019-05-01", 5], // 令和
  ["1989-01-08", 4], // 平成
  ["1926-12-25", 3], // 昭和
  ["1912-07-30", 2], // 大正
  ["1868-10-23", 1], // 明治
];

/** JPKI's `EYYYYMMDD`: era code then the Gregorian date. Throws RangeError on a date that is not `YYYY-MM-DD`. */
export function encodeBirthDate(birthDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const parsed = new Date(`${birthDate}T00:00:00Z`);
  if (match === null || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthDate) {
    throw new RangeError(`holder.birthDate must be a valid YYYY-MM-DD date, got ${JSON.stringify(birthDate)}`);
  }
  const era = eras.find(([firstDay]) => birthDate >= firstDay)?.[1] ?? 0;
  return `${era}${match[1]}${match[2]}${match[3]}`;
}

/**
 * The DER value (GeneralNames) of the signing certificate's subjectAltName: one otherName per item, UTF8String values,
 * in the order a card writes them (name, birth date, sex, address, then the two substitute-character maps:
 * docs/domain/card-applications.md "Signing certificate SAN OIDs"). Only the public JPKI OIDs; `nameKana` is not written.
 */
export function encodeSigningIdentity(holder: CertificateHolder): Uint8Array {
  if (holder.name.length === 0 || holder.address.length === 0) throw new RangeError("holder.name and holder.address must not be empty");
  const entries: [string, string][] = [
    [jpkiOids.name, holder.name],
    [jpkiOids.birthDate, encodeBirthDate(holder.birthDate)],
    [jpkiOids.sex, sexCodes[holder.sex]],
    [jpkiOids.address, holder.address],
    // The simulator never uses substitute characters: one "0" per character, as on real certificates.
    [jpkiOids.nameSubstituteCharacters, "0".repeat([...holder.name].length)],
    [jpkiOids.addressSubstituteCharacters, "0".repeat([...holder.address].length)],
  ];
  return sequence(...entries.map(([oid, value]) => contextConstructed(0, objectIdentifier(oid), contextConstructed(0, utf8String(value)))));
}

function findSubjectAltName(der: Uint8Array): DerElement | undefined {
  const certificate = readElement(der, 0);
  const [tbs] = readChildren(der, certificate);
  if (tbs === undefined) return undefined;
  const extensionsWrapper = readChildren(der, tbs).find((element) => element.tag === 0xa3);
  if (extensionsWrapper === undefined) return undefined;
  const [extensions] = readChildren(der, extensionsWrapper);
  for (const extension of extensions === undefined ? [] : readChildren(der, extensions)) {
    const parts = readChildren(der, extension);
    const [oid] = parts;
    const value = parts[parts.length - 1];
    if (oid !== undefined && value?.tag === 0x04 && readObjectIdentifier(der, oid) === subjectAltNameOid) return readElement(der, value.start, value.end);
  }
  return undefined;
}

/**
 * Reads the 基本4情報 back from a DER signing certificate's subjectAltName otherName entries.
 * Returns null when the certificate is unreadable or carries no JPKI name (e.g. a user-authentication certificate).
 */
export function readSigningIdentity(der: Uint8Array): SigningIdentity | null {
  try {
    const names = findSubjectAltName(der);
    if (names === undefined) return null;
    const encoded: Record<string, string> = {};
    for (const generalName of readChildren(der, names)) {
      if (generalName.tag !== 0xa0) continue;
      const [typeId, explicitValue] = readChildren(der, generalName);
      const [value] = explicitValue === undefined ? [] : readChildren(der, explicitValue);
      if (typeId === undefined || value === undefined) continue;
      encoded[readObjectIdentifier(der, typeId)] = readText(der, value);
    }
    const name = encoded[jpkiOids.name];
    const birth = encoded[jpkiOids.birthDate] ?? "";
    if (name === undefined) return null;
    const sexCode = encoded[jpkiOids.sex];
    const sex = sexCode === "1" ? "male" : sexCode === "2" ? "female" : "other";
    const birthDate = /^\d{9}$/.test(birth) ? `${birth.slice(1, 5)}-${birth.slice(5, 7)}-${birth.slice(7, 9)}` : "";
    return { name, birthDate, sex, address: encoded[jpkiOids.address] ?? "", encoded };
  } catch {
    return null;
  }
}
