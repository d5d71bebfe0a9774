/** The token label in JPKI EF `0006` that tells host software which kind of token it talks to. */
export type JpkiTokenLabel = "JPKIAPICCTOKEN2" | "JPKIAPGPSETOKEN" | "JPKIAPIOSTOKEN";

function padded(text: string, size: number): Uint8Array {
  const out = new Uint8Array(size).fill(0x20);
  out.set(new TextEncoder().encode(text).subarray(0, size));
  return out;
}

/**
 * Contents of JPKI EF `0006`, shaped after PKCS#11 `CK_TOKEN_INFO`: label (32 bytes, space-padded), manufacturer ID (32),
 * model (16), serial number (16). Public clients read only the label; the fields after it are modelled.
 */
export function tokenInfo(label: JpkiTokenLabel, serialNumber: string): Uint8Array {
  const out = new Uint8Array(96);
  out.set(padded(label, 32), 0);
  out.set(padded("myna-hil (simulated)", 32), 32);
  out.set(padded("JPKI", 16), 64);
  out.set(padded(serialNumber, 16), 80);
  return out;
}
