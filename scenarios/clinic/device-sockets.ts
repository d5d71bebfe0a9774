import { type ApduDevice } from "../../sim/apdu/index.ts";
import { WsDeviceServer } from "../../sim/transport/ws-device-server.ts";

/** Every device on its own ws device server on loopback, started on first use. */
export class DeviceSockets {
  private readonly servers = new Map<ApduDevice, WsDeviceServer>();

  /** The URL of `device`'s server. */
  async urlOf(device: ApduDevice): Promise<string> {
    let server = this.servers.get(device);
    if (!server) {
      server = await WsDeviceServer.listen(device);
      server.on("error", () => undefined);
      this.servers.set(device, server);
    }
    return server.url;
  }

  /** The device served at `url`, if any. */
  deviceAt(url: string | undefined): ApduDevice | undefined {
    for (const [device, server] of this.servers) if (server.url === url) return device;
    return undefined;
  }

  /** Number of device servers open. */
  get size(): number {
    return this.servers.size;
  }

  /** Closes every server. */
  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.close()));
    this.servers.clear();
  }
}
