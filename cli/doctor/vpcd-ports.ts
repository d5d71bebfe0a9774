import type { DoctorEnvironment } from "./doctor-environment.ts";
import { DEFAULT_VPCD_PORT, readVpcdReaderEntries } from "./vpcd-reader-entries.ts";

/** vpcd's two slot ports: from the first vpcd reader.conf.d entry, else 35963/35964. */
export async function vpcdPorts(env: DoctorEnvironment): Promise<readonly [number, number]> {
  const port = (await readVpcdReaderEntries(env.readerConfDir))[0]?.port ?? DEFAULT_VPCD_PORT;
  return [port, port + 1];
}
