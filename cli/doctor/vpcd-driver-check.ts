import { access } from "node:fs/promises";
import type { CheckOutcome, DoctorCheck } from "./doctor-check.ts";
import type { DoctorEnvironment } from "./doctor-environment.ts";
import { FixCommand } from "./fix-commands.ts";
import type { VpcdReaderEntry } from "./vpcd-reader-entries.ts";
import { readVpcdReaderEntries } from "./vpcd-reader-entries.ts";

/**
 * The vpcd driver is installed: a reader.conf.d entry whose LIBPATH is vpcd's library, and that library exists.
 * Prints the FRIENDLYNAME (pcscd's reader name) and CHANNELID found.
 */
export const vpcdDriverCheck: DoctorCheck = {
  id: "vpcd-driver",
  title: "vpcd driver",
  required: true,
  run: checkVpcdDriver,
};

async function checkVpcdDriver(env: DoctorEnvironment): Promise<CheckOutcome> {
  const entries = await readVpcdReaderEntries(env.readerConfDir);
  const entry = entries[0];
  if (entry === undefined) {
    return {
      status: "missing",
      detail: `no vpcd entry (LIBPATH …libifdvpcd.so) in ${env.readerConfDir}`,
      fix: `${FixCommand.installVpcd}, then restart pcscd: ${FixCommand.restartPcscd}`,
    };
  }
  const libPath = entry.libPath ?? "";
  if (!(await access(libPath).then(() => true, () => false))) {
    return {
      status: "missing",
      detail: `${entry.file} names LIBPATH ${libPath}, which does not exist`,
      fix: `apt-get install -y --reinstall vsmartcard-vpcd`,
    };
  }
  const summary = describe(entry);
  if (entries.length > 1) {
    return {
      status: "warn",
      detail: `${entries.length} vpcd entries (${entries.map((e) => e.file).join(", ")}); with more than one, pcscd detects no card in any (docs/domain/pcsc-vpcd.md#two-slots-only). First: ${summary}`,
      fix: `keep only one vpcd entry in ${env.readerConfDir}, then restart pcscd`,
    };
  }
  if (!entry.listens) {
    return {
      status: "warn",
      detail: `${summary}; DEVICENAME ${entry.deviceName ?? ""} makes vpcd dial out instead of listening (attach expects it to listen)`,
      fix: `set DEVICENAME /dev/null:0x8C7B in ${entry.file}, then restart pcscd`,
    };
  }
  return { status: "ok", detail: summary };
}

function describe(entry: VpcdReaderEntry): string {
  const name = entry.friendlyName !== undefined ? `FRIENDLYNAME "${entry.friendlyName}"` : "no FRIENDLYNAME";
  const channel = entry.channelId !== undefined ? `CHANNELID ${entry.channelId}` : "no CHANNELID";
  return `${name}, ${channel} (ports ${entry.port}/${entry.port + 1}), ${entry.libPath ?? ""} [${entry.file}]`;
}
