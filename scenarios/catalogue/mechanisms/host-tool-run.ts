import { X509Certificate } from "node:crypto";
import { CommandApdu, toHex, TransportError, type Transceiver } from "../../../sim/apdu/index.ts";
import { Aid, JpkiClient, JpkiFile } from "../../../sim/jpki/index.ts";
import type { ReaderPort } from "../../../sim/readers/reader-port.ts";
import type { HostFault, HostOutcome, HostTool } from "../scenario-entry.ts";
import { FaultyLink } from "./faulty-link.ts";

/** What a host tool did: its outcome and a line saying why. */
export interface HostToolResult {
  outcome: HostOutcome;
  detail: string;
}

/** Bound of one wait for a device, ms (real time). */
const DEVICE_WAIT_MS = 2000;

/**
 * A host program reading the JPKI token on a general-purpose reader through a {@link ReaderPort} (modelled after the
 * host tools of docs/domain/read-failures.md#host-software): ATR check, SELECT JPKI, READ BINARY of the auth
 * certificate (optionally with an extended Le), optionally VERIFY + sign, with one injected fault. Bounded: at most one
 * reconnect, every wait bounded.
 */
export async function runHostTool(port: ReaderPort, tool: HostTool, fault: HostFault | undefined, takeAwayAndBack: () => void, wrap: (link: Transceiver) => Transceiver): Promise<HostToolResult> {
  let reconnectsLeft = tool.reconnects === true ? 1 : 0;
  let injected = fault;
  for (let attempt = 0; attempt < 2; attempt++) {
    const raw = await port.waitForDevice({ timeoutMs: DEVICE_WAIT_MS });
    if (raw === null) return { outcome: "stuck-removed", detail: "no device in the field" };
    const link = new FaultyLink(wrap(raw), injected, takeAwayAndBack);
    injected = fault?.kind === "removed-mid-read" ? undefined : fault; // the patient comes back once
    try {
      return await readOnce(link, tool, fault);
    } catch (error) {
      if (error instanceof TransportError && error.code === "removed") {
        if (reconnectsLeft-- > 0) continue;
        return { outcome: fault?.kind === "removed-mid-read" ? "stuck-removed" : "tag-lost", detail: `SCARD_W_REMOVED_CARD: ${error.message}` };
      }
      throw error;
    } finally {
      await link.close().catch(() => undefined);
    }
  }
  return { outcome: "stuck-removed", detail: "the device left again after the reconnect" };
}

async function readOnce(link: Transceiver, tool: HostTool, fault: HostFault | undefined): Promise<HostToolResult> {
  const atr = toHex(await link.atr(), " ").toUpperCase();
  if (tool.atrPrefix !== undefined && !atr.startsWith(tool.atrPrefix.toUpperCase())) return { outcome: "card-ignored", detail: `ATR ${atr} does not start with ${tool.atrPrefix}` };
  const client = new JpkiClient(link);
  try {
    await client.selectApplication(Aid.JPKI);
  } catch (error) {
    if (error instanceof TransportError) throw error;
    return { outcome: "wrong-application", detail: String(error) };
  }
  if (tool.pin !== undefined) {
    const check = await client.verify(JpkiFile.AUTH_PIN, tool.pin);
    if (!check.verified) return { outcome: "sign-refused-6982", detail: "VERIFY failed" };
  }
  if (tool.extendedLe === true) {
    await client.selectFile(JpkiFile.AUTH_CERT);
    try {
      const r = await client.send(CommandApdu.of({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 300 }));
      if (r.sw !== 0x9000) return { outcome: "extended-refused", detail: `READ BINARY with extended Le answered ${r.sw.toString(16)}` };
    } catch (error) {
      if (error instanceof TransportError && error.code !== "removed") return { outcome: "extended-refused", detail: error.message };
      if (error instanceof TransportError) return { outcome: "extended-refused", detail: `the link dropped the extended APDU: ${error.message}` };
      throw error;
    }
  }
  let certificate: Uint8Array;
  try {
    certificate = await client.readAuthCertificate();
    new X509Certificate(certificate);
  } catch (error) {
    if (error instanceof TransportError) throw error;
    return { outcome: "certificate-truncated", detail: error instanceof Error ? error.message : String(error) };
  }
  if (tool.sign !== true) return { outcome: "certificate-read", detail: `${certificate.length}-byte certificate` };
  if (fault?.kind === "reset-between-verify-and-sign") await link.reset(); // another process resets the card (opensc-1328)
  try {
    await client.signWithAuthKey(new Uint8Array(32).fill(7));
  } catch (error) {
    if (error instanceof TransportError) throw error;
    return { outcome: "sign-refused-6982", detail: error instanceof Error ? error.message : String(error) };
  }
  return { outcome: "read-and-signed", detail: "certificate read and challenge signed" };
}
