import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { ReaderConfEntry } from "./reader-conf.ts";
import { parseReaderConf } from "./reader-conf.ts";

/** A vpcd entry found in a reader.conf.d file. */
export interface VpcdReaderEntry extends ReaderConfEntry {
  /** The file it came from. */
  readonly file: string;
  /** TCP port of slot 0; slot 1 listens on `port + 1`. */
  readonly port: number;
  /** `true` when vpcd listens (DEVICENAME `/dev/null:PORT` or CHANNELID only); `false` when it dials out to a host. */
  readonly listens: boolean;
}

/** vpcd's port when its entry names none (0x8C7B). */
export const DEFAULT_VPCD_PORT = 35963;

/** All entries whose LIBPATH is the vpcd driver (`libifdvpcd.so`) in every file of `dir`; `[]` if `dir` is missing. */
export async function readVpcdReaderEntries(dir: string): Promise<VpcdReaderEntry[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const found: VpcdReaderEntry[] = [];
  for (const name of files) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      continue; // a sub-directory or an unreadable file: pcscd skips it too
    }
    for (const entry of parseReaderConf(text)) {
      if (entry.libPath !== undefined && basename(entry.libPath).includes("vpcd")) found.push({ ...entry, file, ...vpcdEndpoint(entry) });
    }
  }
  return found;
}

/**
 * vpcd (vsmartcard's ifd-vpcd.c) takes `HOST:PORT` from DEVICENAME, where host `/dev/null` means "listen";
 * without DEVICENAME it listens on CHANNELID. Numbers may be hex (`0x8C7B`).
 */
function vpcdEndpoint(entry: ReaderConfEntry): { port: number; listens: boolean } {
  const colon = entry.deviceName?.lastIndexOf(":") ?? -1;
  if (entry.deviceName !== undefined && colon >= 0) {
    const port = parsePort(entry.deviceName.slice(colon + 1));
    return { port: port ?? DEFAULT_VPCD_PORT, listens: entry.deviceName.slice(0, colon) === "/dev/null" };
  }
  return { port: parsePort(entry.channelId) ?? DEFAULT_VPCD_PORT, listens: true };
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(text.trim())) return undefined;
  const port = Number(text.trim());
  return port >= 1 && port <= 65535 ? port : undefined;
}
