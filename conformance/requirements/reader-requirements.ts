import { fromHex } from "../../sim/apdu/hex.ts";
import type { ScenarioObservation } from "../observations/scenario-observation.ts";
import { apduEvidence, exchanges, judgeEach } from "./judge-helpers.ts";
import type { Evidence, Judgement, Requirement } from "./requirement.ts";

const CARD_APDUS = "docs/domain/card-apdus.md";
const PCSC = "docs/domain/pcsc-vpcd.md";
/** The one scenario DUT pcsc:READER plays (conformance/reader/run-reader.ts). */
const READER = "reader-checks";
const SCENARIOS = [READER] as const;

/** Contact ATRs of My Number Cards seen in public sources (docs/domain/card-apdus.md#atr). */
export const MY_NUMBER_CONTACT_ATRS = ["3BE000FF8131FE4514", "3BDA13FF8131FB468012392F31C173C601C03B", "3BC5FF8131FB458073C6010000"] as const;

/**
 * Whether `atr` is a PC/SC part-3 contactless ATR for a Type B / ISO 14443-4 card: `3B 8n 80 01`, n historical bytes,
 * and a TCK making the XOR of T0…TCK zero (docs/domain/card-apdus.md#atr).
 */
export function isPart3ContactlessAtr(atr: Uint8Array): boolean {
  if (atr.length < 5 || atr[0] !== 0x3b || ((atr[1] as number) & 0xf0) !== 0x80 || atr[2] !== 0x80 || atr[3] !== 0x01) return false;
  const historical = (atr[1] as number) & 0x0f;
  if (atr.length !== 4 + historical + 1) return false;
  let x = 0;
  for (let i = 1; i < atr.length; i++) x ^= atr[i] as number;
  return x === 0;
}

/** The reader-checks observation's facts, or an inconclusive judgement when the checks did not get that far. */
function facts(o: ScenarioObservation): Record<string, string | number | boolean> {
  return o.facts;
}

const failedEarly = (o: ScenarioObservation, what: string) => (o.facts.failure !== undefined ? { fail: `${what}: ${String(o.facts.failure)}`, evidence: [apduEvidence(o, exchanges(o))] } : { inconclusive: `${what}: not reached` });
const factEvidence = (o: ScenarioObservation, keys: readonly string[]): Evidence => ({ scenario: o.scenario, channel: "log", excerpt: keys.filter((k) => o.facts[k] !== undefined).map((k) => `${k}: ${String(o.facts[k])}`) });
const judge = (check: (o: ScenarioObservation) => ReturnType<Parameters<typeof judgeEach>[2]>, pass: string) => ({ observations }: { observations: Parameters<typeof judgeEach>[0] }): Judgement => judgeEach(observations, SCENARIOS, check, pass);
const swText = (v: unknown) => (typeof v === "number" ? v.toString(16).toUpperCase().padStart(4, "0") : "none");

/**
 * The reader-level requirements (DUT `pcsc:READER`): a general-purpose PC/SC reader with a real card or phone on it,
 * checked through the smartcard binding. Judged from the `reader-checks` observation only.
 */
export const READER_REQUIREMENTS: readonly Requirement[] = [
  {
    id: "MYNA-RDR-001",
    statement: "pcscd lists the reader under the name given, and a card or phone on it is seen as present.",
    role: "host",
    sources: [{ page: `${PCSC}#reader-names`, reference: "measured-here (vpcd FRIENDLYNAME); pcsc-lite SCardListReaders / SCardGetStatusChange" }],
    applicability: "DUT pcsc:READER",
    notApplicable: () => undefined,
    scenarios: SCENARIOS,
    method: "SCardListReaders contains the name; SCardGetStatusChange reports a card present within 20 s",
    judge: judge((o) => {
      const f = facts(o);
      if (f.readerListed !== true) return { fail: `reader not listed (readers: ${String(f.readersListed ?? "none")})`, evidence: [factEvidence(o, ["readersListed", "failure"])] };
      return f.atr === undefined ? { fail: `no card seen on the reader${f.failure ? `: ${String(f.failure)}` : ""}`, evidence: [factEvidence(o, ["failure"])] } : undefined;
    }, "reader listed, card present"),
  },
  {
    id: "MYNA-RDR-002",
    statement: "The ATR is a My Number Card contact ATR or a PC/SC part-3 contactless ATR (3B 8n 80 01 …, TCK right).",
    role: "host",
    sources: [
      { page: `${CARD_APDUS}#atr`, reference: "opensc-jpki (contact ATR), pcsc-part3 (contactless ATR from the ATQB), pcsc-tools-list" },
      { page: `${CARD_APDUS}#card-detection`, reference: "read-failures (tools matching one ATR prefix miss cards)" },
    ],
    applicability: "DUT pcsc:READER",
    notApplicable: () => undefined,
    scenarios: SCENARIOS,
    method: "the ATR pcscd reports: one of the public contact ATRs, or 3B 8n 80 01 with n historical bytes and a TCK that XORs T0…TCK to zero",
    judge: judge((o) => {
      const atr = o.facts.atr;
      if (typeof atr !== "string") return failedEarly(o, "ATR");
      const bytes = fromHex(atr.replace(/\s+/g, ""));
      const compact = atr.replace(/\s+/g, "").toUpperCase();
      if ((MY_NUMBER_CONTACT_ATRS as readonly string[]).includes(compact) || isPart3ContactlessAtr(bytes)) return undefined;
      return { fail: `ATR ${atr} is neither a My Number contact ATR nor a PC/SC part-3 contactless ATR`, evidence: [factEvidence(o, ["atr"])] };
    }, "ATR recognised"),
  },
  {
    id: "MYNA-RDR-003",
    statement: "Carries the four APDU cases both ways: case 1 (VERIFY counter read), case 2 (READ BINARY 32 bytes), case 3 (SELECT by AID), case 4 (SELECT with Le).",
    role: "host",
    sources: [
      { page: `${CARD_APDUS}#verify`, reference: "opensc-jpki (VERIFY without data reads the counter: 63Cx)" },
      { page: `${CARD_APDUS}#applications`, reference: "opensc-jpki (SELECT 00 A4 04 0C, 9000 without FCI); iso7816-4 (APDU cases)" },
    ],
    applicability: "DUT pcsc:READER",
    notApplicable: () => undefined,
    scenarios: SCENARIOS,
    method: "case 3 and 4 answered 9000; case 2 answered 9000 with 32 bytes; case 1 answered a status word (63Cx, or 6986 on an iPhone)",
    judge: judge((o) => {
      const f = facts(o);
      if (f.case3Sw === undefined) return failedEarly(o, "APDU cases");
      const problems: string[] = [];
      if (f.case3Sw !== 0x9000) problems.push(`case 3 SW ${swText(f.case3Sw)}`);
      if (f.case4Sw !== 0x9000) problems.push(`case 4 SW ${swText(f.case4Sw)}`);
      if (f.case2Sw !== 0x9000 || f.case2Length !== 32) problems.push(`case 2 SW ${swText(f.case2Sw)} with ${String(f.case2Length)} bytes`);
      const c1 = Number(f.case1Sw ?? 0);
      if (!(c1 >> 4 === 0x63c || c1 === 0x6986 || c1 === 0x6984)) problems.push(`case 1 SW ${swText(f.case1Sw)}`);
      return problems.length > 0 ? { fail: problems.join("; "), evidence: [apduEvidence(o, exchanges(o))] } : undefined;
    }, "all four cases carried"),
  },
  {
    id: "MYNA-RDR-004",
    statement: "When extended-length APDUs are declared, carries an extended READ BINARY of the whole certificate (00 B0 00 00 00 HH LL) and returns it unchanged.",
    role: "host",
    sources: [
      { page: "docs/domain/phone-token.md#extended-apdus", reference: "yubikit-64, multipaz-96" },
      { page: "docs/domain/reader-models.md#general-purpose-reader", reference: "ccid-readers (short and extended)" },
    ],
    applicability: "DUT pcsc:READER, extendedApdus: true",
    notApplicable: (p) => (p.extendedApdus ? undefined : "extendedApdus is false"),
    scenarios: SCENARIOS,
    method: "one extended READ BINARY of LL+4 bytes at offset 0 answered 9000 with the bytes of the chunked read",
    judge: judge((o) => {
      const f = facts(o);
      if (f.certificateSize === undefined) return o.facts.failure !== undefined ? failedEarly(o, "extended read") : { inconclusive: "the certificate could not be read (phone without biometric/PIN?)" };
      if (f.extendedError !== undefined) return { fail: `extended READ BINARY failed: ${String(f.extendedError)}`, evidence: [apduEvidence(o, exchanges(o).slice(-3))] };
      return f.extendedSw === 0x9000 && f.extendedMatches === true ? undefined : { fail: `extended READ BINARY answered ${swText(f.extendedSw)} with ${String(f.extendedLength)} bytes${f.extendedMatches === false ? " (differs from the chunked read)" : ""}`, evidence: [apduEvidence(o, exchanges(o).slice(-3))] };
    }, "extended read carried"),
  },
  {
    id: "MYNA-RDR-005",
    statement: "Every response reaches the host complete: status words 61xx are followed up with GET RESPONSE and 6Cxx with the right Le, ending in 9000 with the data.",
    role: "host",
    sources: [{ page: `${PCSC}#vpcd-protocol`, reference: "iso7816-4 (61xx / 6Cxx on T=0); pcsc-lite (the host sends GET RESPONSE)" }],
    applicability: "DUT pcsc:READER",
    notApplicable: () => undefined,
    scenarios: SCENARIOS,
    method: "host-side trace: no exchange left at 61xx or 6Cxx; the number of GET RESPONSE / Le corrections made is reported",
    judge: judge((o) => {
      const xs = exchanges(o);
      if (xs.length === 0) return failedEarly(o, "exchanges");
      const ends = xs.filter((x, i) => (x.sw >> 8 === 0x61 && xs[i + 1]?.ins !== 0xc0) || (x.sw >> 8 === 0x6c && xs[i + 1] === undefined));
      return ends.length > 0 ? { fail: `${ends.length} response(s) left at 61xx/6Cxx`, evidence: [apduEvidence(o, ends)] } : undefined;
    }, "responses complete"),
  },
  {
    id: "MYNA-RDR-006",
    statement: "Reads the whole authentication certificate in chunks of at most 256 bytes, sized from its 30 82 LL LL header, and it parses as X.509.",
    role: "host",
    sources: [
      { page: `${CARD_APDUS}#read-binary`, reference: "opensc-jpki (4-byte header, LLLL + 4, chunks ≤ 256)" },
      { page: "docs/domain/read-failures.md#pcsc", reference: "connective-50 (truncated certificate reads)" },
    ],
    applicability: "DUT pcsc:READER",
    notApplicable: () => undefined,
    scenarios: SCENARIOS,
    method: "host-side trace: header read, then LL+4 bytes in chunks; node:crypto X509Certificate parses them",
    judge: judge((o) => {
      const f = facts(o);
      if (f.headerSw === undefined) return failedEarly(o, "certificate read");
      if (f.headerSw !== 0x9000) return { inconclusive: `EF 000A not readable without authorisation (SW ${swText(f.headerSw)}): a phone needs Face ID or its PIN` };
      if (f.certificateSize === undefined) return { fail: "no 30 82 LL LL header", evidence: [apduEvidence(o, exchanges(o))] };
      if (f.certificateRead !== f.certificateSize) return { fail: `read ${String(f.certificateRead)} of ${String(f.certificateSize)} bytes${f.chunkFailure ? ` (${String(f.chunkFailure)})` : ""}`, evidence: [apduEvidence(o, exchanges(o).filter((x) => x.ins === 0xb0))] };
      return f.certificateParses === true ? undefined : { fail: `the certificate does not parse: ${String(f.certificateParseError)}`, evidence: [factEvidence(o, ["certificateSize", "certificateParseError"])] };
    }, "whole certificate read"),
  },
  {
    id: "MYNA-RDR-007",
    statement: "Completes a full read (SELECT JPKI, token information, header, every chunk); the time it took is reported (not judged against a wall clock).",
    role: "host",
    sources: [{ page: `${PCSC}#latency`, reference: "measured-here (delayed ACK: 9–43 ms per APDU without TCP_QUICKACK)" }],
    applicability: "DUT pcsc:READER",
    notApplicable: () => undefined,
    scenarios: SCENARIOS,
    method: "the full read's time in ms (fact fullReadMs) and its number of APDUs",
    judge: judge((o) => {
      if (o.facts.fullReadMs === undefined) return o.facts.headerSw !== undefined && o.facts.headerSw !== 0x9000 ? { inconclusive: "no full read (the certificate needs authorisation)" } : failedEarly(o, "full read");
      return undefined;
    }, "full read completed"),
  },
  {
    id: "MYNA-RDR-008",
    statement: "With the tester's PIN: VERIFY then COMPUTE DIGITAL SIGNATURE (case 4, 256-byte answer) carried, and the signature verifies with the certificate.",
    role: "host",
    sources: [{ page: `${CARD_APDUS}#signing`, reference: "opensc-jpki (80 2A 00 80, PKCS#1 v1.5 by the card)" }],
    applicability: "DUT pcsc:READER (a PIN given in $MYNA_CONFORMANCE_READER_PIN or the file $MYNA_CONFORMANCE_READER_PIN_FILE)",
    notApplicable: () => undefined,
    scenarios: SCENARIOS,
    method: "VERIFY 9000; signature SW 9000; RSA PKCS#1 v1.5 SHA-256 verification with the certificate's key",
    judge: judge((o) => {
      const f = facts(o);
      if (f.pinGiven !== true) return { inconclusive: "read-only: no PIN given" };
      if (f.verifySw !== undefined && f.verifySw !== 0x9000) return { fail: `VERIFY answered ${swText(f.verifySw)}`, evidence: [apduEvidence(o, exchanges(o).filter((x) => x.ins === 0x20))] };
      if (f.signSw === undefined) return failedEarly(o, "signature");
      return f.signSw === 0x9000 && f.signatureVerifies === true ? undefined : { fail: `signature SW ${swText(f.signSw)}, verifies: ${String(f.signatureVerifies ?? false)}`, evidence: [apduEvidence(o, exchanges(o).filter((x) => x.ins === 0x2a))] };
    }, "signature carried and verified"),
  },
];
