import { randomBytes } from "node:crypto";

/** Lower-case hex without leading zero octets (the form `IssuedCertificate.serialNumber` uses). Throws on non-hex. */
export function normalizeSerialNumber(serialNumber: string): string {
  if (!/^[0-9a-fA-F]+$/.test(serialNumber)) throw new RangeError(`serial number must be hex, got ${JSON.stringify(serialNumber)}`);
  const digits = serialNumber.toLowerCase().replace(/^0+/, "");
  if (digits === "") return "00";
  return digits.length % 2 === 1 ? `0${digits}` : digits;
}

/** The hex to give the certificate builder: a leading 00 where the top bit is set, so the INTEGER stays positive. */
export function serialNumberForAsn1(normalized: string): string {
  return Number.parseInt(normalized.slice(0, 2), 16) >= 0x80 ? `00${normalized}` : normalized;
}

/** A positive 16-octet serial number whose first octet is 0x40..0x7f (so it never needs or shows a leading 00). */
export function serialNumberFromBytes(bytes: Uint8Array): string {
  const octets = Uint8Array.from(bytes.subarray(0, 16));
  octets[0] = ((octets[0] ?? 0) & 0x3f) | 0x40;
  return Buffer.from(octets).toString("hex");
}

/** A fresh random serial number (see {@link serialNumberFromBytes}). */
export function randomSerialNumber(): string {
  return serialNumberFromBytes(randomBytes(16));
}
