import { createHash, randomBytes, X509Certificate, verify as verifySignature } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toHex } from "../../sim/apdu/hex.ts";
import type { Transceiver } from "../../sim/apdu/index.ts";
import { ApduTrace, TracingTransceiver } from "../../sim/trace/index.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { PcscTransceiver } from "../../sim/transport/pcsc-transceiver.ts";
import type { ObservationSet, ScenarioObservation } from "../observations/scenario-observation.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";
import { secretDigest } from "../requirements/secret-scan.ts";

/** The one scenario of DUT pcsc:READER: reader-level checks on whatever card or phone is on the reader. */
export const READER_SCENARIO = "reader-checks";

/** Where the tester's PIN comes from (never argv): an environment variable, or a file named by another. */
export const READER_PIN_ENV = "MYNA_CONFORMANCE_READER_PIN";
export const READER_PIN_FILE_ENV = "MYNA_CONFORMANCE_READER_PIN_FILE";

/** Options of {@link runReader}. */
export interface ReaderRunOptions {
  readerName: string;
  profile: CapabilityProfile;
  dir: string;
  seed: string;
  /** How long to wait for a card on the reader (default 20 s). */
  waitMs?: number;
  /** The auth PIN, when the tester gives one (default: from the environment, else read-only). */
  pin?: string;
}

const JPKI_AID = "D392F000260100000001";
const DIGEST_INFO_SHA256 = "3031300d060960864801650304020105000420";

/** The tester's PIN from the environment (value or file), or undefined: the checks are then read-only. */
export async function readerPinFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const file = env[READER_PIN_FILE_ENV];
  if (file) return (await readFile(file, "utf8")).split("\n")[0]?.trim() || undefined;
  return env[READER_PIN_ENV]?.trim() || undefined;
}

const sw = (r: Uint8Array) => (r.length >= 2 ? ((r[r.length - 2] as number) << 8) | (r[r.length - 1] as number) : 0);
const data = (r: Uint8Array) => r.subarray(0, Math.max(0, r.length - 2));
const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));

/**
 * Transmits one command and follows 61xx with GET RESPONSE (and 6Cxx with the Le the card asked for), as a host must
 * on T=0; counts what it had to do in `facts`.
 */
async function exchange(t: Transceiver, command: Uint8Array, facts: Record<string, string | number | boolean>): Promise<Uint8Array> {
  let response = await t.transmit(command);
  if (sw(response) >> 8 === 0x6c && command.length === 5) {
    facts.wrongLengthRetries = Number(facts.wrongLengthRetries ?? 0) + 1;
    response = await t.transmit(Uint8Array.of(...command.subarray(0, 4), sw(response) & 0xff));
  }
  let collected = data(response);
  let guard = 0;
  while (sw(response) >> 8 === 0x61 && guard++ < 64) {
    facts.getResponses = Number(facts.getResponses ?? 0) + 1;
    response = await t.transmit(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, sw(response) & 0xff));
    collected = Uint8Array.from([...collected, ...data(response)]);
  }
  return Uint8Array.from([...collected, (sw(response) >> 8) & 0xff, sw(response) & 0xff]);
}

/**
 * DUT pcsc:READER: reader-level checks through the smartcard binding on a PC/SC reader with a card or phone on it —
 * the reader's name, the ATR, the four APDU cases, extended length (when declared), GET RESPONSE handling, the chunked
 * certificate read and its time; with a PIN from the tester, VERIFY and a signature checked against the certificate.
 * Read-only otherwise. Everything sent and received is traced host-side (PIN cut).
 */
export async function runReader(options: ReaderRunOptions): Promise<ObservationSet> {
  const started = performance.now();
  const pin = options.pin ?? (await readerPinFromEnvironment());
  const salt = createHash("sha256").update(`salt:${options.seed}`).digest("hex").slice(0, 32);
  const set: ObservationSet = { scenarios: {}, secretDigests: { salt, digests: pin ? [secretDigest(salt, pin)] : [], lengths: pin ? [pin.length] : [] } };
  const trace = new ApduTrace();
  const facts: Record<string, string | number | boolean> = { readerName: options.readerName, pinGiven: pin !== undefined, extendedDeclared: options.profile.extendedApdus };
  const o: ScenarioObservation = { scenario: READER_SCENARIO, title: `reader-level checks on ${options.readerName}`, device: "none", apdus: [], screens: [], service: [], journal: [], resultFiles: [], resEvents: [], logs: [], patient: [], facts, durationMs: 0 };
  let context: PcscContext | undefined;
  let host: PcscTransceiver | undefined;
  try {
    context = await PcscContext.open();
    const names = context.readerNames();
    facts.readersListed = names.join(" | ");
    facts.readerListed = names.includes(options.readerName);
    if (!facts.readerListed) throw new Error(`pcscd does not list ${JSON.stringify(options.readerName)} (readers: ${names.join(", ") || "none"})`);
    facts.atr = toHex(await context.waitForCard(options.readerName, { timeoutMs: options.waitMs ?? 20_000 }), " ").toUpperCase();
    host = await PcscTransceiver.connect(options.readerName, { protocol: "any" });
    facts.protocol = String(host.protocol);
    const t = new TracingTransceiver(host, trace);
    facts.connectAtr = toHex(await t.atr(), " ").toUpperCase();
    const fullReadStart = performance.now();
    // Case 3 (data, no Le): SELECT JPKI.
    const select = await exchange(t, hex(`00A4040C0A${JPKI_AID}`), facts);
    facts.case3Sw = sw(select);
    // Case 4 (data and Le): SELECT JPKI again with Le 00 (P2 0C: no FCI; the card answers 9000 with no data).
    facts.case4Sw = sw(await exchange(t, hex(`00A4040C0A${JPKI_AID}00`), facts));
    // Case 2 (Le, no data): EF 0006 (token information, free to read), 32 bytes.
    await exchange(t, hex("00A4020C020006"), facts);
    const tokenInfo = await exchange(t, hex("00B0000020"), facts);
    facts.case2Sw = sw(tokenInfo);
    facts.case2Length = data(tokenInfo).length;
    const label = Buffer.from(data(tokenInfo)).toString("latin1").replace(/[ \0]+$/, "");
    facts.tokenLabel = label;
    const kind = label.startsWith("JPKIAPICCTOKEN") ? "card" : label.startsWith("JPKIAPGPSETOKEN") ? "android" : label.startsWith("JPKIAPIOSTOKEN") ? "iphone" : "unknown";
    facts.token = kind;
    // Case 1 (no data, no Le): VERIFY without data reads the auth PIN's counter without spending a try.
    await exchange(t, hex("00A4020C020018"), facts);
    facts.case1Sw = sw(await exchange(t, hex("00200080"), facts));
    if (pin !== undefined && kind !== "iphone") {
      facts.verifySw = sw(await exchange(t, Uint8Array.from([0x00, 0x20, 0x00, 0x80, pin.length, ...Buffer.from(pin, "ascii")]), facts));
    }
    // The chunked certificate read: 4 bytes at offset 0 give 30 82 LL LL; then chunks of at most 256 bytes.
    await exchange(t, hex("00A4020C02000A"), facts);
    const header = await exchange(t, hex("00B0000004"), facts);
    facts.headerSw = sw(header);
    let certificate: Uint8Array | undefined;
    if (sw(header) === 0x9000 && data(header)[0] === 0x30 && data(header)[1] === 0x82) {
      const total = (((data(header)[2] as number) << 8) | (data(header)[3] as number)) + 4;
      facts.certificateSize = total;
      const parts: number[] = [];
      let chunks = 0;
      while (parts.length < total) {
        const want = Math.min(256, total - parts.length);
        const r = await exchange(t, Uint8Array.of(0x00, 0xb0, (parts.length >> 8) & 0x7f, parts.length & 0xff, want & 0xff), facts);
        if (sw(r) !== 0x9000 || data(r).length === 0) {
          facts.chunkFailure = `offset ${parts.length}: SW ${sw(r).toString(16).toUpperCase()}`;
          break;
        }
        chunks++;
        parts.push(...data(r));
      }
      facts.chunks = chunks;
      facts.certificateRead = parts.length;
      if (parts.length >= total) {
        certificate = Uint8Array.from(parts.slice(0, total));
        facts.fullReadMs = Math.round((performance.now() - fullReadStart) * 10) / 10;
        try {
          const x509 = new X509Certificate(certificate);
          facts.certificateSubject = x509.subject.replace(/\n/g, ", ");
          facts.certificateParses = true;
        } catch (error) {
          facts.certificateParses = false;
          facts.certificateParseError = (error as Error).message;
        }
      }
      // Extended length: the whole certificate in one READ BINARY 00 B0 00 00 00 HH LL (only when declared).
      if (options.profile.extendedApdus) {
        try {
          const r = await exchange(t, Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x00, (total >> 8) & 0xff, total & 0xff), facts);
          facts.extendedSw = sw(r);
          facts.extendedLength = data(r).length;
          facts.extendedMatches = certificate !== undefined && Buffer.from(data(r)).equals(Buffer.from(certificate));
        } catch (error) {
          facts.extendedError = (error as Error).message;
        }
      }
    }
    // With the tester's PIN: a signature over SHA-256 of a fresh random value, verified with the certificate's key.
    if (pin !== undefined && certificate && (facts.verifySw === 0x9000 || kind === "iphone")) {
      const message = randomBytes(32);
      await exchange(t, hex("00A4020C020017"), facts);
      const digestInfo = Buffer.concat([Buffer.from(DIGEST_INFO_SHA256, "hex"), createHash("sha256").update(message).digest()]);
      const r = await exchange(t, Uint8Array.from([0x80, 0x2a, 0x00, 0x80, digestInfo.length, ...digestInfo, 0x00]), facts);
      facts.signSw = sw(r);
      if (sw(r) === 0x9000) {
        try {
          facts.signatureVerifies = verifySignature("sha256", message, new X509Certificate(certificate).publicKey, data(r));
        } catch (error) {
          facts.signatureVerifies = false;
          facts.signatureError = (error as Error).message;
        }
      }
      if (kind === "iphone") await exchange(t, hex("80FC0000"), facts);
    }
  } catch (error) {
    facts.failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    await host?.close().catch(() => undefined);
    context?.close();
  }
  o.apdus = trace.toJSON();
  o.durationMs = performance.now() - started;
  await mkdir(join(options.dir, "scenarios", READER_SCENARIO), { recursive: true });
  await writeFile(join(options.dir, "scenarios", READER_SCENARIO, "apdu-trace.txt"), trace.toText());
  set.scenarios[READER_SCENARIO] = o;
  return set;
}
