import { FieldDevice, type GeneralPurposeReader } from "../../../sim/readers/general-purpose/index.ts";
import type { ReaderPort } from "../../../sim/readers/reader-port.ts";
import { WsReaderPort } from "../../../sim/readers/ws-reader-port.ts";
import { WsDeviceServer } from "../../../sim/transport/ws-device-server.ts";
import { pcscdPorts } from "./pcscd-ports.ts";

/** How the APDUs between the face-auth reader and the devices travel (see the README). */
export type ScenarioCarrier = "in-process" | "ws" | "pcscd";

/** The two ports the face-auth reader reads through, on the chosen carrier. */
export interface CarrierPorts {
  antenna: ReaderPort;
  gp: ReaderPort;
  /**
   * How long the reader's screen must stay put before the runner takes it as settled (real time, ms): a few event-loop
   * turns in-process and over ws; through pcscd longer than pcscd takes to notice a device come or go.
   */
  quietMs: number;
  /** Resolves once the readers behind the ports have caught up with the fields (at once in-process and over ws). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Settled after this long on one screen, in-process and over ws. */
const QUIET_MS = 20;

/**
 * The readers' fields as the face-auth reader sees them: in-process, the {@link GeneralPurposeReader}s themselves; over
 * `ws`, each field served on its own ws device server ({@link FieldDevice}: the reader's limits and time-out still
 * apply, as `6700` / a lost tag) and presented through a {@link WsReaderPort} while a device is activated.
 */
export async function carrierPorts(carrier: ScenarioCarrier, antenna: GeneralPurposeReader, gp: GeneralPurposeReader): Promise<CarrierPorts> {
  if (carrier === "in-process") return { antenna, gp, quietMs: QUIET_MS, sync: () => Promise.resolve(), close: () => Promise.resolve() };
  if (carrier === "pcscd") return pcscdPorts(antenna, gp);
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
    quietMs: QUIET_MS,
    sync: () => Promise.resolve(),
    close: async () => {
      await Promise.all([ports.antenna.remove(), ports.gp.remove()]);
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
