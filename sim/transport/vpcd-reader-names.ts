/**
 * How pcscd names vpcd's two readers: `FRIENDLYNAME` from /etc/reader.conf.d (`Virtual PCD` by default) plus
 * ` 00 00` for slot 0 (port 35963) and ` 00 01` for slot 1 (port 35964) (docs/domain/pcsc-vpcd.md#reader-names).
 */

/** vpcd's reader pair among pcscd's readers: `<name> 00 00` and `<name> 00 01` sharing one name, slot 0 first. */
export function vpcdReaderPair(readers: readonly string[]): [string, string] | undefined {
  for (const first of readers) {
    if (!first.endsWith(" 00 00")) continue;
    const second = `${first.slice(0, -" 00 00".length)} 00 01`;
    if (readers.includes(second)) return [first, second];
  }
  return undefined;
}

/** The vpcd slot a reader name ends in (` 00 00` → 0, ` 00 01` → 1), or undefined for another name. */
export function vpcdSlotOfName(readerName: string): 0 | 1 | undefined {
  const m = /\b00 0([01])$/.exec(readerName);
  return m === null ? undefined : m[1] === "1" ? 1 : 0;
}
