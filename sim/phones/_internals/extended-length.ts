/**
 * Whether `command` uses ISO 7816-4 extended length fields (§5.1): after the 4-byte header, a `00` byte where a short
 * Lc or Le would be, followed by two length bytes (e.g. the extended READ BINARY `00 B0 P1 P2 00 HH LL` that Android
 * 12+ readers send, multipaz PR #96; docs/domain/card-applications.md, "Phones"). The short case 2 `… 00`
 * (5 bytes, Le = 256) is not extended.
 */
export function isExtendedLength(command: Uint8Array): boolean {
  return command.length >= 7 && command[4] === 0x00;
}
