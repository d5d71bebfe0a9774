import { FieldDevice, type GeneralPurposeReader } from "../../../sim/readers/general-purpose/index.ts";
import type { ReaderPort } from "../../../sim/readers/reader-port.ts";
import { WsReaderPort } from "../../../sim/readers/ws-reader-port.ts";
import { WsDeviceServer } from "../../../sim/transport/ws-device-server.ts";

/** How the APDUs between the face-auth reader and the devices travel. `pcscd` is refused by the runner (see README). */
export type ScenarioCarrier = "in-process" | "ws" | "pcscd";

/** The two ports the face-auth reader reads through, on the chosen carrier. */
export interface CarrierPorts {
  antenna: ReaderPort;
  gp: ReaderPort;
  close(): Promise<void>;
}

/**
 * The readers' fields as the face-auth reader sees them: in-process, the {@link GeneralPurposeReader}s themselves; over
 * `ws`, each field served on its own ws device server ({@link FieldDevice}: the reader's limits and time-out still
 * apply, as `6700` / a lost tag) and presented through a {@link WsReaderPort} while a device is activated.
 */
export async function carrierPorts(carrier: ScenarioCarrier, antenna: GeneralPurposeReader, gp: GeneralPurposeReader): Promise<CarrierPorts> {
  if (carrier === "in-process") return { antenna, gp, close: () => Promise.resolve() };
  if (carrier !== "ws") throw new RangeError(`carrier ${carrier} is not supported by the catalogue runner`);
  const servers: WsDeviceServer[] = [];
  const mirror = async (reader: GeneralPurposeReader): Promise<WsReaderPort> => {
    const field = new FieldDevice(reader);
    const server = await WsDeviceServer.listen(field);
    servers.push(server);
    const port = new WsReaderPort(reader.name, { requestTimeoutMs: 5000 });
    let chain: Promise<void> = Promise.resolve();
    reader.on("present", () => {
      field.target = reader.activation;
      chain = chain.then(() => port.hold(server.url)).catch(() => undefined);
    });
    reader.on("removed", () => {
      field.target = undefined;
      chain = chain.then(() => port.remove()).catch(() => undefined);
    });
    return port;
  };
  const ports = { antenna: await mirror(antenna), gp: await mirror(gp) };
  return {
    ...ports,
    close: async () => {
      await Promise.all([ports.antenna.remove(), ports.gp.remove()]);
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
