/**
 * Loads the optional native PC/SC binding (`smartcard`, N-API) at run time and describes the part of it we use.
 * The shapes are declared here, not imported, so the project type-checks where the package is absent.
 */
import { TransportError } from "../apdu/index.ts";

/** A reader state as `Context.waitForChange` reports it. */
export interface PcscReaderState {
  readonly name: string;
  readonly state: number;
  readonly changed: boolean;
  readonly atr: Uint8Array | null;
}

/** A connected card handle (SCARDHANDLE). */
export interface PcscCardHandle {
  readonly protocol: number;
  readonly connected: boolean;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  getStatus(): { state: number; protocol: number; atr: Buffer };
  disconnect(disposition?: number): void;
  reconnect(shareMode?: number, protocol?: number, initialization?: number): Promise<number>;
}

/** A reader as `Context.listReaders` returns it. */
export interface PcscReaderHandle {
  readonly name: string;
  readonly state: number;
  readonly atr: Buffer | null;
  connect(shareMode?: number, protocol?: number): Promise<PcscCardHandle>;
}

/** A PC/SC context (SCARDCONTEXT). */
export interface PcscContextHandle {
  readonly isValid: boolean;
  listReaders(): PcscReaderHandle[];
  waitForChange(readers?: { name: string; state: number }[], timeout?: number): Promise<PcscReaderState[] | null>;
  cancel(): void;
  close(): void;
}

/** The binding module: the context constructor and the PC/SC constants. */
export interface PcscBinding {
  Context: new () => PcscContextHandle;
  SCARD_SHARE_SHARED: number;
  SCARD_SHARE_EXCLUSIVE: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_UNPOWER_CARD: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_EMPTY: number;
  SCARD_STATE_MUTE: number;
  SCARD_STATE_UNAVAILABLE: number;
  SCARD_STATE_CHANGED: number;
}

function isBinding(value: unknown): value is PcscBinding {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.Context === "function" && typeof v.SCARD_SHARE_SHARED === "number" && typeof v.SCARD_STATE_PRESENT === "number";
}

let loading: Promise<PcscBinding> | undefined;

/**
 * The `smartcard` binding, loaded once. Rejects with `TransportError("unavailable")` explaining how to install it
 * when the package is missing or its native part was not built.
 */
export function loadPcscBinding(): Promise<PcscBinding> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PcscBinding> {
  try {
    // A variable specifier keeps the optional package out of static resolution and type checking.
    const specifier = "smartcard";
    const loaded: unknown = await import(specifier);
    const mod = isBinding(loaded) ? loaded : (loaded as { default?: unknown }).default;
    if (isBinding(mod)) return mod;
    throw new Error("the module does not export a PC/SC Context");
  } catch (error) {
    loading = undefined; // let a later call retry, e.g. after the package was built
    throw new TransportError(
      "unavailable",
      `the PC/SC binding \`smartcard\` is unavailable (${error instanceof Error ? error.message : String(error)}): ` +
        "install libpcsclite-dev, approve its install script (`npm install-scripts approve smartcard`) and run `npm ci`",
      { cause: error },
    );
  }
}
