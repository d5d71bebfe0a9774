import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** A TCP socket of `/proc/net/tcp` or `/proc/net/tcp6`, in any state: its local end and its state. */
export interface TcpSocket {
  readonly family: 4 | 6;
  /** Bound address in the usual notation: `0.0.0.0`, `127.0.0.1`, `::`, `::1`, `::ffff:127.0.0.1`. */
  readonly address: string;
  readonly port: number;
  /** The kernel's state code in hex as the file writes it, e.g. {@link TcpState.listen} or {@link TcpState.established}. */
  readonly state: string;
}

/** A TCP socket in LISTEN state, read from `/proc/net/tcp` or `/proc/net/tcp6`. */
export type ListeningSocket = Omit<TcpSocket, "state">;

/** The state codes of `/proc/net/tcp` this code looks at. */
export const TcpState = { established: "01", listen: "0A" } as const;

/**
 * Parses the text of `/proc/net/tcp` (family 4) or `/proc/net/tcp6` (family 6): every socket with a readable local end.
 * Addresses there are hex in host byte order per 32-bit word (little-endian on x86/arm), ports hex big-endian.
 */
export function parseTcpSockets(text: string, family: 4 | 6): TcpSocket[] {
  const sockets: TcpSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const state = fields[3];
    if (state === undefined || local === undefined) continue;
    const [hexAddress, hexPort] = local.split(":");
    if (hexAddress === undefined || hexPort === undefined || !/^[0-9A-Fa-f]{4}$/.test(hexPort)) continue;
    const address = family === 4 ? decodeIpv4(hexAddress) : decodeIpv6(hexAddress);
    if (address !== undefined) sockets.push({ family, address, port: Number.parseInt(hexPort, 16), state });
  }
  return sockets;
}

/** The sockets of {@link parseTcpSockets} in LISTEN state. */
export function parseListeningSockets(text: string, family: 4 | 6): ListeningSocket[] {
  return listeningOnly(parseTcpSockets(text, family));
}

/** The TCP sockets of `<procDir>/net/tcp` and `<procDir>/net/tcp6`, in any state; a missing file counts as no sockets. */
export async function readTcpSockets(procDir: string): Promise<TcpSocket[]> {
  const read = async (name: string): Promise<string> => readFile(join(procDir, "net", name), "utf8").catch(() => "");
  return [...parseTcpSockets(await read("tcp"), 4), ...parseTcpSockets(await read("tcp6"), 6)];
}

/** The listening TCP sockets of `<procDir>/net/tcp` and `<procDir>/net/tcp6`; a missing file counts as no sockets. */
export async function readListeningSockets(procDir: string): Promise<ListeningSocket[]> {
  return listeningOnly(await readTcpSockets(procDir));
}

function listeningOnly(sockets: readonly TcpSocket[]): ListeningSocket[] {
  return sockets.filter((s) => s.state === TcpState.listen).map(({ family, address, port }) => ({ family, address, port }));
}

/** Whether a bound address is reachable from other hosts' point of view only through loopback. */
export function isLoopbackAddress(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}

/** Whether a bound address is the wildcard (all interfaces). */
export function isWildcardAddress(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

/** Bytes of one 32-bit word written as 8 hex digits in little-endian host order. */
function wordBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

function decodeIpv4(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  return wordBytes(hex).join(".");
}

function decodeIpv6(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) bytes.push(...wordBytes(hex.slice(word * 8, word * 8 + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join(".")}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952 form: the longest run (≥ 2) of zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestLength < 2) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}
