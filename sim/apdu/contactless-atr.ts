import type { ContactlessIdentity } from "./apdu-device.ts";

/** How a contactless reader builds the ATR it reports: PC/SC part 3 from the ATQB, or the whole ATQB (PUPI included). */
export type AtrStyle = "part3" | "full-atqb";

/** TS (direct convention), then TD1 = `80` (TD2 follows, T=0) and TD2 = `01` (T=1), as PC/SC part 3 builds them. */
const TS = 0x3b;
const TD1 = 0x80;
const TD2 = 0x01;
/** The first byte of every ATQB (ISO 14443-3 Type B answer to REQB/WUPB). */
const ATQB_FIRST_BYTE = 0x50;
/** Historical bytes fit in T0's low nibble. */
const MAX_HISTORICAL_BYTES = 15;

function expectLength(what: string, bytes: Uint8Array, length: number): void {
  if (bytes.length !== length) throw new RangeError(`${what} must be ${length} bytes, got ${bytes.length}`);
}

/** XOR of every byte after TS: the TCK that makes the XOR of T0…TCK zero (ISO 7816-3 §8.2.5). */
function checksum(atrWithoutTck: Uint8Array): number {
  let x = 0;
  for (let i = 1; i < atrWithoutTck.length; i++) x ^= atrWithoutTck[i] as number;
  return x;
}

/** `3B 8n 80 01` + `historical` + TCK. */
function fromHistoricalBytes(historical: Uint8Array): Uint8Array {
  if (historical.length > MAX_HISTORICAL_BYTES) throw new RangeError(`at most ${MAX_HISTORICAL_BYTES} historical bytes, got ${historical.length}`);
  const atr = new Uint8Array(4 + historical.length + 1);
  atr.set([TS, 0x80 | historical.length, TD1, TD2]);
  atr.set(historical, 4);
  atr[atr.length - 1] = checksum(atr.subarray(0, atr.length - 1));
  return atr;
}

/** The PC/SC part 3 ATR of a Type B device: application data, protocol info, then MBLI in the high nibble of byte 8. */
function part3(identity: ContactlessIdentity, mbli = 0): Uint8Array {
  expectLength("ATQB application data", identity.applicationData, 4);
  expectLength("ATQB protocol info", identity.protocolInfo, 3);
  if (!Number.isInteger(mbli) || mbli < 0 || mbli > 15) throw new RangeError(`MBLI must be 0..15, got ${mbli}`);
  const historical = new Uint8Array(8);
  historical.set(identity.applicationData, 0);
  historical.set(identity.protocolInfo, 4);
  historical[7] = mbli << 4; // low nibble RFU (0)
  return fromHistoricalBytes(historical);
}

/** The ATR of readers that report the whole ATQB: `50`, PUPI, application data, protocol info. */
function fullAtqb(identity: ContactlessIdentity): Uint8Array {
  expectLength("PUPI", identity.pupi, 4);
  expectLength("ATQB application data", identity.applicationData, 4);
  expectLength("ATQB protocol info", identity.protocolInfo, 3);
  const historical = new Uint8Array(12);
  historical[0] = ATQB_FIRST_BYTE;
  historical.set(identity.pupi, 1);
  historical.set(identity.applicationData, 5);
  historical.set(identity.protocolInfo, 9);
  return fromHistoricalBytes(historical);
}

/**
 * The ATR a contactless PC/SC reader synthesises for an ISO 14443 Type B device from its ATQB (a contactless device
 * has no ATR of its own). Pure functions; bad field lengths raise `RangeError`.
 *
 * PC/SC part 3 §3.1.3.2.3 (quoted in GlobalPlatform/WebApis-for-SE #11, vsmartcard PR #251): `3B 8n 80 01`, then for
 * Type B the historical bytes application data (4) + protocol info (3) + a byte whose high nibble is the MBLI from the
 * ATTRIB answer, then TCK. Example: the My Number Card's `3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F`.
 */
export const ContactlessAtr = {
  part3,
  fullAtqb,
  fromHistoricalBytes,
  checksum,
  /** The ATR for a reader's {@link AtrStyle}. */
  forStyle(style: AtrStyle, identity: ContactlessIdentity, options?: { mbli?: number }): Uint8Array {
    return style === "full-atqb" ? fullAtqb(identity) : part3(identity, options?.mbli ?? 0);
  },
} as const;
