import type { UsbReaderProfile } from "./usb-reader-profile.ts";

/** Options of {@link readerConfSnippet}. */
export interface ReaderConfSnippetOptions {
  /** vpcd's channel: the high word is the TCP port base, 0x8C7B = 35963 (slot 0; slot 1 listens on the next port). */
  channelId?: number;
  /** Path of the vpcd driver (Debian's vsmartcard-vpcd). */
  libPath?: string;
}

/**
 * The `/etc/reader.conf.d/vpcd` entry that makes pcscd list vpcd's two slots under a reader's name
 * (`<name> 00 00`, `<name> 00 01`) — for a lab whose host software looks for the reader by name. There must be only
 * one vpcd entry (a second one makes pcscd detect no card at all, docs/domain/pcsc-vpcd.md); restart pcscd after changing it.
 * Tests never write system configuration: this only builds the text.
 */
export function readerConfSnippet(profile: UsbReaderProfile, options: ReaderConfSnippetOptions = {}): string {
  const channel = `0x${(options.channelId ?? 0x8c7b).toString(16).toUpperCase()}`;
  const libPath = options.libPath ?? "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
  if (/["\n]/.test(profile.name)) throw new RangeError(`reader name cannot hold quotes or line breaks: ${JSON.stringify(profile.name)}`);
  return [
    `# vpcd as "${profile.name}" (myna-hil ${profile.id}); the only vpcd entry in /etc/reader.conf.d`,
    `FRIENDLYNAME "${profile.name}"`,
    `DEVICENAME   /dev/null:${channel}`,
    `LIBPATH      ${libPath}`,
    `CHANNELID    ${channel}`,
    "",
  ].join("\n");
}
