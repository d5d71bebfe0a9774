import type { Socket } from "node:net";

/** Linux `IPPROTO_TCP`. */
const IPPROTO_TCP = 6;
/** Linux `TCP_QUICKACK`: ACK at once instead of delaying; one-shot, so it is re-armed after every read. */
const TCP_QUICKACK = 12;

/** Re-arms `TCP_QUICKACK` on a socket. Throws when the socket has no descriptor or the call fails. */
export type QuickAckArmer = (socket: Socket) => void;

/** Shape of the optional native `sockopt` package that we use. */
interface SockoptModule {
  setsockopt(socket: Socket, level: number, option: number, value: number): void;
}

function isSockopt(value: unknown): value is SockoptModule {
  return typeof value === "object" && value !== null && typeof (value as { setsockopt?: unknown }).setsockopt === "function";
}

let loading: Promise<QuickAckArmer | undefined> | undefined;
let lastLoadError: string | undefined;

/**
 * Loads the optional native `sockopt` package once and returns a function that re-arms Linux `TCP_QUICKACK`
 * (docs/domain/pcsc-vpcd.md: without it the emulator's delayed ACK costs 9–43 ms per APDU through vpcd).
 * Resolves `undefined` on other platforms or when the package is missing or not built; the caller then falls back
 * to plain sockets. Never rejects.
 */
export function loadQuickAck(): Promise<QuickAckArmer | undefined> {
  loading ??= load();
  return loading;
}

/** Why the last {@link loadQuickAck} resolved `undefined`, for diagnostics (`myna-hil doctor`). */
export function quickAckUnavailableReason(): string | undefined {
  return lastLoadError;
}

async function load(): Promise<QuickAckArmer | undefined> {
  if (process.platform !== "linux") {
    lastLoadError = `TCP_QUICKACK is Linux-only (platform ${process.platform})`;
    return undefined;
  }
  try {
    // A variable specifier keeps the optional package out of static resolution and type checking.
    const specifier = "sockopt";
    const loaded: unknown = await import(specifier);
    const mod = isSockopt(loaded) ? loaded : (loaded as { default?: unknown }).default;
    if (!isSockopt(mod)) {
      lastLoadError = "the sockopt package has no setsockopt function";
      return undefined;
    }
    return (socket: Socket) => mod.setsockopt(socket, IPPROTO_TCP, TCP_QUICKACK, 1);
  } catch (error) {
    lastLoadError = `the optional sockopt package did not load (${error instanceof Error ? error.message : String(error)}); approve its install script and run npm ci`;
    return undefined;
  }
}
