/**
 * CRC_B of ISO/IEC 14443-3 (Type B frames): CRC-16 with polynomial x^16+x^12+x^5+1 processed LSB first
 * (reflected 0x8408), initial 0xFFFF, final ones' complement; transmitted least significant byte first.
 * Check value: CRC_B("123456789") = 0x906E.
 */
export function crcB(data: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}
