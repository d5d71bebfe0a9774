import { X509Certificate, verify as verifySignature } from "node:crypto";
import { fromHex, ResponseApdu } from "../sim/apdu/index.ts";
import { CardRegistry } from "../sim/cards/card-registry.ts";
import { JpkiFile } from "../sim/jpki/index.ts";
import { type Transceiver } from "../sim/apdu/index.ts";
import type { MyNumberCard } from "../sim/cards/my-number-card.ts";
import { JpkiClient } from "../sim/jpki/jpki-client.ts";
import { InProcessTransceiver } from "../sim/transport/in-process-transceiver.ts";
import { PcscContext } from "../sim/transport/pcsc-context.ts";
import { PcscTransceiver } from "../sim/transport/pcsc-transceiver.ts";
import { VpcdCardLink } from "../sim/transport/vpcd-card-link.ts";
import { WsDeviceServer } from "../sim/transport/ws-device-server.ts";
import { WsTransceiver } from "../sim/transport/ws-transceiver.ts";
import { type LatencySummary, timeLoop } from "./latency-summary.ts";
import { DEFAULT_CREDENTIALS } from "../sim/personas/index.ts";

/** One carrier's figures, or why it was not measured. */
export interface CarrierResult {
  carrier: string;
  /** What limits the figure on this machine. */
  bound: string;
  apdu?: LatencySummary;
  /** Full certificate read + VERIFY + signature, repeated. */
  fullRead?: LatencySummary;
  target?: number;
  skipped?: string;
}

/** Options of {@link runApduBench}. */
export interface ApduBenchOptions {
  /** Time budget per loop in ms. */
  budgetMs: number;
  /** Include the pcscd+vpcd rows (needs a running pcscd with vpcd). */
  pcscd: boolean;
  /** vpcd port for the pcscd rows (slot 0 = 35963). */
  vpcdPort: number;
  /** Called with progress lines. */
  progress?: (line: string) => void;
}

/** A cheap, realistic APDU: READ BINARY of the auth certificate's 4-byte header (after the setup below). */
const READ_HEADER = fromHex("00B0000004");

async function prepareForReads(link: Transceiver): Promise<void> {
  const client = new JpkiClient(link);
  await client.selectApplication();
  await client.selectFile(JpkiFile.AUTH_CERT);
}

async function measure(carrier: string, bound: string, target: number, link: Transceiver, options: ApduBenchOptions, maxApdus: number): Promise<CarrierResult> {
  await prepareForReads(link);
  const apdu = await timeLoop(async () => {
    const r = await link.transmit(READ_HEADER);
    if (r.length !== 6) throw new Error(`unexpected response ${ResponseApdu.parse(r)}`);
  }, options.budgetMs, maxApdus);
  const client = new JpkiClient(link);
  const challenge = new TextEncoder().encode("bench challenge");
  let certificate: Uint8Array | undefined;
  let signature: Uint8Array | undefined;
  const fullRead = await timeLoop(async () => {
    await client.selectApplication();
    certificate = await client.readAuthCertificate();
    const v = await client.verify(JpkiFile.AUTH_PIN, DEFAULT_CREDENTIALS.authPin);
    if (!v.verified) throw new Error("VERIFY failed during the benchmark");
    signature = await client.signWithAuthKey(challenge);
  }, options.budgetMs, 2_000);
  if (!certificate || !signature || !verifySignature("sha256", challenge, new X509Certificate(certificate).publicKey, signature)) {
    throw new Error(`${carrier}: the signature made during the benchmark does not verify`);
  }
  options.progress?.(`  ${carrier}: ${Math.round(apdu.perSecond).toLocaleString("en-US")} APDU/s, full read ${fullRead.p50Ms.toFixed(2)} ms`);
  return { carrier, bound, apdu, fullRead, target };
}

async function pcscRow(card: MyNumberCard, quickAck: boolean, options: ApduBenchOptions): Promise<CarrierResult> {
  const carrier = `pcscd+vpcd (TCP_QUICKACK ${quickAck ? "on" : "off"})`;
  const bound = quickAck
    ? "four socket hops per APDU (client → pcscd → vpcd driver → TCP → emulator and back) and pcscd's thread hand-offs"
    : "the emulator side's delayed ACK: vpcd writes length and payload separately, its second write waits for our ACK";
  let context: PcscContext | undefined;
  let link: VpcdCardLink | undefined;
  let host: PcscTransceiver | undefined;
  let reader: string | undefined;
  try {
    context = await PcscContext.open();
    reader = context.readerNames().find((n) => n.endsWith("00 00") && n.includes("Virtual PCD")) ?? context.readerNames()[0];
    if (!reader) return { carrier, bound, skipped: "pcscd lists no reader (is vsmartcard-vpcd installed?)" };
    link = await VpcdCardLink.connect(card, { port: options.vpcdPort, quickAck });
    await context.waitForCard(reader, { timeoutMs: 10_000 });
    host = await PcscTransceiver.connect(reader);
    // Without quick ACK each APDU costs ~10-40 ms: bound the count so the row ends in its budget.
    return await measure(carrier, bound, quickAck ? 1_000 : 0, host, options, quickAck ? 200_000 : 400);
  } catch (e) {
    return { carrier, bound, skipped: (e as Error).message };
  } finally {
    // The card out first: the binding's disconnect is synchronous, and pcscd may be asking the card (served by this
    // very thread) something meanwhile — with the card in, that deadlocks (seen at the end of the QUICKACK-off row).
    await link?.close().catch(() => undefined);
    await host?.close().catch(() => undefined);
    // Let pcscd see the removal, so the next row does not connect to a stale card.
    if (link && reader) await context?.waitForRemoval(reader, { timeoutMs: 5_000 }).catch(() => undefined);
    context?.close();
  }
}

/**
 * APDU round trips per second, p50/p99 latency, and the time of a full certificate read + VERIFY + signature,
 * for each carrier: in-process, the ws device bus on loopback, and the real pcscd with vpcd (with and without TCP_QUICKACK).
 */
export async function runApduBench(options: ApduBenchOptions): Promise<CarrierResult[]> {
  const registry = new CardRegistry();
  const card = await registry.card("P0001");
  const results: CarrierResult[] = [];

  options.progress?.("in-process …");
  const inProcess = new InProcessTransceiver(card);
  results.push(await measure("in-process", "one core running the card's JS dispatch and a promise per APDU; RSA-2048 signing for the full read", 200_000, inProcess, options, 5_000_000));
  await inProcess.close();

  options.progress?.("ws device bus on loopback …");
  const server = await WsDeviceServer.listen(card);
  const ws = await WsTransceiver.connect(server.url);
  try {
    results.push(await measure("ws (loopback, one connection)", "one core for client and server: two syscalls and a ws frame each way per APDU", 20_000, ws, options, 2_000_000));
  } finally {
    await ws.close();
    await server.close();
  }

  if (options.pcscd) {
    options.progress?.("pcscd + vpcd …");
    results.push(await pcscRow(card, true, options));
    results.push(await pcscRow(card, false, options));
  }
  return results;
}
