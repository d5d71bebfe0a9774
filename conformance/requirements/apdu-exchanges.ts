import { fromHex } from "../../sim/apdu/hex.ts";
import type { TraceEntryJson } from "../../sim/trace/index.ts";

/** `D3 92 F0 00 26 01 00 00 00 01`, the JPKI AP (docs/domain/card-apdus.md#applications). */
export const JPKI_AID_HEX = "D392F000260100000001";

/** One command the device received and its answer, with what was selected when it arrived. */
export interface Exchange {
  seq: number;
  at: number;
  command: Uint8Array;
  /** Hex of the command as recorded (secret data cut: `<redacted N bytes>` shown by the trace). */
  commandHex: string;
  redacted: boolean;
  response: Uint8Array;
  sw: number;
  ins: number;
  p1: number;
  p2: number;
  /** The AID selected (hex) and the EF selected (4 hex digits) when the command arrived. */
  application: string | undefined;
  ef: string | undefined;
  /** How many power-ons/resets came before it (a new session each time). */
  session: number;
}

/** A link or harness event of the device-side trace (`power-on`, `power-off`, `reset`, `patient:…`). */
export interface LinkEvent {
  seq: number;
  at: number;
  event: string;
  detail?: string;
}

/** The device-side trace split into exchanges and events; selection is tracked per session (docs/domain/card-apdus.md#security-status). */
export function exchangesOf(entries: readonly TraceEntryJson[]): { exchanges: Exchange[]; events: LinkEvent[] } {
  const exchanges: Exchange[] = [];
  const events: LinkEvent[] = [];
  let application: string | undefined;
  let ef: string | undefined;
  let session = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as TraceEntryJson;
    if (entry.direction === "event") {
      events.push({ seq: entry.seq, at: entry.time, event: entry.event ?? "", ...(entry.detail !== undefined ? { detail: entry.detail } : {}) });
      if (entry.event === "power-on" || entry.event === "reset" || entry.event === "power-off") {
        session++;
        application = undefined;
        ef = undefined;
      }
      continue;
    }
    if (entry.direction !== "command") continue;
    const next = entries[i + 1];
    if (next === undefined || next.direction !== "response") continue;
    i++;
    const command = fromHex(entry.hex);
    const response = fromHex(next.hex);
    const sw = response.length >= 2 ? ((response[response.length - 2] as number) << 8) | (response[response.length - 1] as number) : 0;
    const ins = command[1] ?? 0;
    const p1 = command[2] ?? 0;
    const p2 = command[3] ?? 0;
    exchanges.push({ seq: entry.seq, at: entry.time, command, commandHex: entry.hex, redacted: entry.redacted !== undefined, response, sw, ins, p1, p2, application, ef, session });
    if (ins === 0xa4 && sw === 0x9000) {
      const data = command.length > 5 ? entry.hex.slice(10, 10 + (command[4] ?? 0) * 2).toUpperCase() : "";
      if (p1 === 0x04) {
        application = data;
        ef = undefined;
      } else if (p1 === 0x02) ef = data;
    }
  }
  return { exchanges, events };
}

/** A READ BINARY's offset (P1 high bits cleared of the SFI flag) and Le (256 for `00`; extended Le when 7 bytes). */
export function readBinaryWindow(x: Exchange): { offset: number; le: number; extended: boolean } {
  const offset = ((x.p1 & 0x7f) << 8) | x.p2;
  const c = x.command;
  if (c.length === 7 && c[4] === 0) {
    const le = ((c[5] as number) << 8) | (c[6] as number);
    return { offset, le: le === 0 ? 65536 : le, extended: true };
  }
  const le = c.length >= 5 ? (c[4] as number) : 0;
  return { offset, le: le === 0 ? 256 : le, extended: false };
}

/** One trace line for evidence: `#seq >> hex  << sw`. */
export function describeExchange(x: Exchange): string {
  const data = x.response.length > 2 ? ` (${x.response.length - 2} bytes)` : "";
  return `#${x.seq} +${x.at.toFixed(1)} ms  >> ${spaced(x.commandHex)}${x.redacted ? " <redacted>" : ""}  << ${x.sw.toString(16).toUpperCase().padStart(4, "0")}${data}`;
}

function spaced(hex: string): string {
  const short = hex.length > 40 ? `${hex.slice(0, 40)}…` : hex;
  return short.replace(/(..)(?=.)/g, "$1 ").toUpperCase();
}
