import { connect, type Socket } from "node:net";

/**
 * The ceiling beside our card: the least a vpcd card can do, written as raw socket code on purpose (not our
 * VpcdCardLink, not our frame reader), so `bench apdu` can show how close our link comes to it through the same
 * pcscd + vpcd. vpcd framing (docs/domain/pcsc-vpcd.md): 2-byte big-endian length, then the payload; a 1-byte payload
 * is a control (`04` get ATR → reply with the ATR; power off/on and reset → no reply); anything longer is an APDU,
 * answered `90 00` whatever it says. TCP_NODELAY on, Linux TCP_QUICKACK re-armed after every read.
 */

/** `setsockopt(socket, level, option, value)` of the optional `sockopt` package. */
export type SetSockopt = (socket: Socket, level: number, option: number, value: number) => void;

/** Loads the optional `sockopt` package; resolves a reason instead when it (or Linux) is not there. */
export async function loadSetSockopt(): Promise<SetSockopt | { unavailable: string }> {
  if (process.platform !== "linux") return { unavailable: `TCP_QUICKACK is Linux-only (platform ${process.platform})` };
  try {
    const specifier = "sockopt"; // a variable keeps the optional package out of static resolution and type checking
    const mod = (await import(specifier)) as { setsockopt?: unknown; default?: { setsockopt?: unknown } };
    const fn = mod.setsockopt ?? mod.default?.setsockopt;
    if (typeof fn === "function") return fn as SetSockopt;
    return { unavailable: "the sockopt package has no setsockopt function" };
  } catch (error) {
    return { unavailable: `the optional sockopt package did not load (${error instanceof Error ? error.message : String(error)}); approve its install script and run npm ci` };
  }
}

/** A connected echo card; {@link close} removes it from the reader. */
export interface EchoCard {
  /** APDUs answered so far (controls not counted). */
  readonly apdus: () => number;
  /** Closes the socket (the card leaves the reader); resolves once closed. */
  close(): Promise<void>;
}

/** Inserts an echo card answering `atr` into vpcd at `host:port`; rejects when vpcd does not accept the connection. */
export function connectEchoCard(options: { port: number; host?: string; atr: Uint8Array; setsockopt: SetSockopt }): Promise<EchoCard> {
  const { setsockopt } = options;
  const atrFrame = Buffer.concat([Buffer.of(options.atr.length >> 8, options.atr.length & 0xff), options.atr]);
  const ok = Buffer.of(0x00, 0x02, 0x90, 0x00);
  let apdus = 0;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host ?? "127.0.0.1", port: options.port, noDelay: true });
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      socket.on("error", () => socket.destroy());
      resolve({ apdus: () => apdus, close: () => (socket.destroy(), closed) });
    });
    let pending: Buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      setsockopt(socket, 6 /* IPPROTO_TCP */, 12 /* TCP_QUICKACK */, 1);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        if (length > 1) {
          apdus++;
          socket.write(ok);
        } else if (length === 1 && pending[2] === 0x04) {
          socket.write(atrFrame);
        }
        pending = pending.subarray(2 + length);
      }
    });
  });
}
