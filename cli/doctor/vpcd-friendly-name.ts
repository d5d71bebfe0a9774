import type { DoctorEnvironment } from "./doctor-environment.ts";
import { readVpcdReaderEntries } from "./vpcd-reader-entries.ts";

/** The FRIENDLYNAME vpcd's entry is packaged with, and the name assumed when the entry has none. */
export const DEFAULT_VPCD_FRIENDLY_NAME = "Virtual PCD";

/**
 * The FRIENDLYNAME of the first vpcd reader.conf.d entry, else (none, or empty) {@link DEFAULT_VPCD_FRIENDLY_NAME}. pcscd names vpcd's
 * slots `<name> 00 00` and `<name> 00 01` (docs/domain/pcsc-vpcd.md#reader-names).
 */
export async function vpcdFriendlyName(env: DoctorEnvironment): Promise<string> {
  return (await readVpcdReaderEntries(env.readerConfDir))[0]?.friendlyName || DEFAULT_VPCD_FRIENDLY_NAME;
}
