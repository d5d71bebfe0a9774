/** One reader entry of a pcsc-lite `reader.conf` file (`/etc/reader.conf.d/*`). */
export interface ReaderConfEntry {
  readonly friendlyName?: string;
  readonly deviceName?: string;
  readonly libPath?: string;
  readonly channelId?: string;
}

const KEYS = { FRIENDLYNAME: "friendlyName", DEVICENAME: "deviceName", LIBPATH: "libPath", CHANNELID: "channelId" } as const;

/**
 * Parses reader.conf text: `KEY value` lines, `#` comments, values optionally in double quotes.
 * A key that repeats within the current entry starts the next entry (pcsc-lite's own parser groups the same way).
 * Unknown keys are ignored.
 */
export function parseReaderConf(text: string): ReaderConfEntry[] {
  const entries: ReaderConfEntry[] = [];
  let current: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    const match = /^([A-Z]+)\s+(.+)$/.exec(line);
    if (!match) continue;
    const key = KEYS[match[1] as keyof typeof KEYS] as string | undefined;
    if (key === undefined) continue;
    const value = (match[2] ?? "").trim().replace(/^"(.*)"$/, "$1");
    if (key in current) {
      entries.push(current);
      current = {};
    }
    current[key] = value;
  }
  if (Object.keys(current).length > 0) entries.push(current);
  return entries;
}
