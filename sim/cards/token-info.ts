/** The token label in JPKI EF `0006` that tells host software which kind of token it talks to. */
export type JpkiTokenLabel = "JPKIAPICCTOKEN2" | "JPKIAPGPSETOKEN" | "JPKIAPIOSTOKEN";

/** Size of EF `0006`: a PKCS#11 `CK_TOKEN_INFO` with 4-byte big-endian `CK_ULONG`s. */
export const TOKEN_INFO_LENGTH = 160;

/** `CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED`. */
const FLAGS = 0x0000040d;
/** `CK_UNAVAILABLE_INFORMATION` in the card's 32-bit form. */
const UNAVAILABLE = 0xffffffff;

function text(out: Uint8Array, offset: number, size: number, value: string): void {
  const bytes = new TextEncoder().encode(value).subarray(0, size);
  out.set(bytes, offset);
}

/**
 * Contents of JPKI EF `0006`, 160 bytes in soltia48/myna-card's `TokenInfo` layout (`src/ap/jpki.rs`, test
 * `parses_the_physical_card_token_info_layout`): label (32, space-padded), manufacturerID (32), model (16),
 * serialNumber (16), flags, ulMaxSessionCount, ulSessionCount, ulMaxRwSessionCount, ulRwSessionCount, ulMaxPinLen,
 * ulMinPinLen, four memory counters (each a big-endian u32), hardwareVersion and firmwareVersion as ASCII `"03"`/`"01"`,
 * utcTime (16). The fixed values are the physical-card test vector's; the serial number is the token's own (modelled),
 * and the same layout is used for the phones' tokens (modelled: only their label is public). jpki/myna and jpki-rs read
 * the first 32 bytes only.
 */
export function tokenInfo(label: JpkiTokenLabel, serialNumber: string): Uint8Array {
  const out = new Uint8Array(TOKEN_INFO_LENGTH).fill(0x20);
  const view = new DataView(out.buffer);
  text(out, 0, 32, label);
  text(out, 32, 32, "00000000000000000000000000000001");
  text(out, 64, 16, "E16R01NJ");
  text(out, 80, 16, serialNumber);
  view.setUint32(96, FLAGS);
  view.setUint32(100, 1);
  view.setUint32(104, 0);
  view.setUint32(108, 1);
  view.setUint32(112, 0);
  view.setUint32(116, 16);
  view.setUint32(120, 6);
  for (const offset of [124, 128, 132, 136]) view.setUint32(offset, UNAVAILABLE);
  text(out, 140, 2, "03");
  text(out, 142, 2, "01");
  text(out, 144, 16, "9999999999999999");
  return out;
}
