import { type ApduDevice, type TransportError } from "../../sim/apdu/index.ts";
import { WsDeviceServer } from "../../sim/transport/ws-device-server.ts";

/** Options of {@link DeviceSockets}. */
export interface DeviceSocketsOptions {
  /** Called with every error of a device's server (bad message, socket problem); they are also counted and kept. */
  onError?: (error: TransportError, device: ApduDevice) => void;
}

/** Errors kept for {@link DeviceSockets.errors}; later ones are only counted. */
const KEPT_ERRORS = 100;

/**
 * Every device on its own ws device server on loopback, started on first use. Concurrent requests for the same device
 * share one server (the map holds the pending start, so there is no check-then-await gap), `close()` also closes
 * servers still starting, and the servers' errors are reported ({@link DeviceSocketsOptions.onError}) and kept
 * ({@link errors}), never swallowed.
 */
export class DeviceSockets {
  private readonly servers = new Map<ApduDevice, Promise<WsDeviceServer>>();
  private readonly listening = new Map<ApduDevice, WsDeviceServer>();
  private readonly onError: ((error: TransportError, device: ApduDevice) => void) | undefined;
  private readonly kept: string[] = [];
  private count = 0;

  constructor(options: DeviceSocketsOptions = {}) {
    this.onError = options.onError;
  }

  /** The URL of `device`'s server; rejects with the `TransportError` when it cannot listen. */
  async urlOf(device: ApduDevice): Promise<string> {
    let server = this.servers.get(device);
    if (!server) {
      const starting = WsDeviceServer.listen(device).then((s) => {
        s.on("error", (error) => this.report(error, device));
        if (this.servers.get(device) === starting) this.listening.set(device, s);
        return s;
      });
      this.servers.set(device, starting);
      starting.catch(() => {
        if (this.servers.get(device) === starting) this.servers.delete(device);
      });
      server = starting;
    }
    return (await server).url;
  }

  /** The device served at `url`, if any. */
  deviceAt(url: string | undefined): ApduDevice | undefined {
    for (const [device, server] of this.listening) if (server.url === url) return device;
    return undefined;
  }

  /** Number of device servers open or starting. */
  get size(): number {
    return this.servers.size;
  }

  /** The first errors of the device servers, as `<device>: <message>`. */
  get errors(): readonly string[] {
    return this.kept;
  }

  /** Errors of the device servers so far. */
  get errorCount(): number {
    return this.count;
  }

  /** Closes every server, including the ones still starting. */
  async close(): Promise<void> {
    const all = [...this.servers.values()];
    this.servers.clear();
    this.listening.clear();
    await Promise.all(all.map((s) => s.then((server) => server.close(), () => undefined)));
  }

  private report(error: TransportError, device: ApduDevice): void {
    this.count++;
    if (this.kept.length < KEPT_ERRORS) this.kept.push(`${device.description}: ${error.message}`);
    this.onError?.(error, device);
  }
}
