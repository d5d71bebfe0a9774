import { JPKI_AID_HEX, readBinaryWindow } from "./apdu-exchanges.ts";
import { firstReason, needsAnyPhone, needsCards, needsPhone, needsRole } from "./applicability.ts";
import { apduEvidence, exchanges, isVerifyWithData, judgeEach, patientEvidence } from "./judge-helpers.ts";
import type { Requirement } from "./requirement.ts";
import { SCENARIO } from "../observations/scenario-ids.ts";
import type { ScenarioObservation } from "../observations/scenario-observation.ts";

const CARD_APDUS = "docs/domain/card-apdus.md";
const PHONE = "docs/domain/phone-token.md";

/** Scenarios in which the auth certificate is read (cards and phones). */
const CERTIFICATE_READS = [SCENARIO.iphoneOk, SCENARIO.androidOk, SCENARIO.cardPinOk, SCENARIO.cardFaceOk] as const;
/** Scenarios with an iPhone on the reader. */
const IPHONE_SCENARIOS = [SCENARIO.iphoneOk, SCENARIO.iphoneNoBiometric, SCENARIO.prematureTap, SCENARIO.phoneExpired, SCENARIO.phoneRemovedMidRead] as const;

const hostPhone = (os: "ios" | "android") => (p: Parameters<Requirement["notApplicable"]>[0]) => firstReason(needsRole(p, "host"), needsPhone(p, os));

/** The auth certificate's size from the first 4-byte read at offset 0 (`30 82 LL LL`), and the bytes of it read. */
function certificateRead(o: ScenarioObservation): { total?: number; covered: number; pastEnd: number[]; reads: ReturnType<typeof exchanges> } {
  const reads = exchanges(o).filter((x) => x.ins === 0xb0 && x.ef === "000A");
  let total: number | undefined;
  const ranges: [number, number][] = [];
  const pastEnd: number[] = [];
  for (const x of reads) {
    const { offset } = readBinaryWindow(x);
    const data = x.response.subarray(0, Math.max(0, x.response.length - 2));
    if (x.sw === 0x6b00) pastEnd.push(x.seq);
    if (x.sw !== 0x9000) continue;
    if (offset === 0 && data.length >= 4 && data[0] === 0x30 && data[1] === 0x82 && total === undefined) total = (((data[2] as number) << 8) | (data[3] as number)) + 4;
    ranges.push([offset, offset + data.length]);
    if (total !== undefined && offset >= total) pastEnd.push(x.seq);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [from, to] of ranges) if (from <= covered) covered = Math.max(covered, to);
  return { ...(total !== undefined ? { total } : {}), covered, pastEnd, reads };
}

/** The host-role requirements: what software reading a phone or card through a PC/SC reader must do at the APDU level. */
export const HOST_REQUIREMENTS: readonly Requirement[] = [
  {
    id: "MYNA-HOST-001",
    statement: "Never sends VERIFY to an iPhone token (the iPhone is authorised by Face ID / Touch ID, no PIN at the counter).",
    role: "host",
    sources: [
      { page: `${PHONE}#iphone`, reference: "mhlw-slides (iPhone 生体認証, no PIN at the counter); jpki-myna" },
      { page: "docs/domain/counter-flow.md#identity-check", reference: "mhlw-slides, guide-qa" },
    ],
    applicability: "roles ∋ host, phoneOses ∋ ios",
    notApplicable: hostPhone("ios"),
    scenarios: IPHONE_SCENARIOS,
    method: "device-side APDU trace of every iPhone scenario: no command with INS 20",
    judge: ({ observations }) =>
      judgeEach(observations, IPHONE_SCENARIOS, (o) => {
        const verifies = exchanges(o).filter((x) => x.ins === 0x20);
        return verifies.length > 0 ? { fail: `${verifies.length} VERIFY sent to the iPhone`, evidence: [apduEvidence(o, verifies)] } : undefined;
      }, "no VERIFY reached an iPhone"),
  },
  {
    id: "MYNA-HOST-002",
    statement: "Reads the whole authentication certificate, whatever the chunk size: the size comes from the 30 82 LL LL header and every byte up to LL+4 is read.",
    role: "host",
    sources: [
      { page: `${CARD_APDUS}#read-binary`, reference: "opensc-jpki (card-jpki.c: 4-byte header read, LLLL + 4, chunks ≤ 256)" },
      { page: "docs/domain/read-failures.md#pcsc", reference: "connective-50 (truncated certificate reads)" },
    ],
    applicability: "roles ∋ host",
    notApplicable: (p) => needsRole(p, "host"),
    scenarios: CERTIFICATE_READS,
    method: "device-side trace: READ BINARY on EF 000A; the first read at offset 0 gives the size; the union of the bytes answered must cover [0, LL+4)",
    judge: ({ observations }) =>
      judgeEach(observations, CERTIFICATE_READS, (o) => {
        const { total, covered, reads } = certificateRead(o);
        if (reads.length === 0) return { fail: "EF 000A was never read", evidence: [apduEvidence(o, exchanges(o))] };
        if (total === undefined) return { fail: "no read at offset 0 returned the 30 82 LL LL header", evidence: [apduEvidence(o, reads)] };
        return covered < total ? { fail: `read ${covered} of ${total} certificate bytes`, evidence: [apduEvidence(o, reads)] } : undefined;
      }, "the whole certificate was read"),
  },
  {
    id: "MYNA-HOST-003",
    statement: "Never reads past the end of the certificate file (no READ BINARY beyond LL+4, no 6B00).",
    role: "host",
    sources: [{ page: `${CARD_APDUS}#read-binary`, reference: "opensc-jpki; iso7816-4 (6B00 offset outside the file)" }],
    applicability: "roles ∋ host",
    notApplicable: (p) => needsRole(p, "host"),
    scenarios: CERTIFICATE_READS,
    method: "device-side trace: no READ BINARY on EF 000A at an offset ≥ LL+4 or answered 6B00",
    judge: ({ observations }) =>
      judgeEach(observations, CERTIFICATE_READS, (o) => {
        const { pastEnd, reads } = certificateRead(o);
        return pastEnd.length > 0 ? { fail: `reads past the end: #${pastEnd.join(", #")}`, evidence: [apduEvidence(o, reads.filter((x) => pastEnd.includes(x.seq)))] } : undefined;
      }, "no read past the end"),
  },
  {
    id: "MYNA-HOST-004",
    statement: "Sends extended-length APDUs only when the capability profile declares them; otherwise short APDUs with Le ≤ 256.",
    role: "host",
    sources: [
      { page: `${PHONE}#extended-apdus`, reference: "yubikit-64, multipaz-96 (extended APDUs not taken by some phones/adapters)" },
      { page: "docs/domain/reader-models.md#general-purpose-reader", reference: "ccid-readers (RC-S300/P: short and extended)" },
    ],
    applicability: "roles ∋ host (judged against extendedApdus)",
    notApplicable: (p) => needsRole(p, "host"),
    scenarios: CERTIFICATE_READS,
    method: "device-side trace: a command of 7+ bytes whose byte 5 is 00 is extended; allowed only with extendedApdus: true",
    judge: ({ observations, profile }) =>
      judgeEach(observations, CERTIFICATE_READS, (o) => {
        if (profile.extendedApdus) return undefined;
        const extended = exchanges(o).filter((x) => x.command.length >= 7 && x.command[4] === 0);
        return extended.length > 0 ? { fail: `${extended.length} extended APDU(s) although extendedApdus is false`, evidence: [apduEvidence(o, extended)] } : undefined;
      }, "APDU lengths as declared"),
  },
  {
    id: "MYNA-HOST-005",
    statement: "On Android, verifies the authentication PIN (EF 0018) before reading the authentication certificate (EF 000A).",
    role: "host",
    sources: [{ page: `${PHONE}#android`, reference: "jpki-myna (host tools verify before reading 000A on Android)" }],
    applicability: "roles ∋ host, phoneOses ∋ android",
    notApplicable: hostPhone("android"),
    scenarios: [SCENARIO.androidOk],
    method: "device-side trace: in the session of the first READ BINARY of EF 000A, a VERIFY of EF 0018 answered 9000 came first",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.androidOk], (o) => {
        const xs = exchanges(o);
        const read = xs.find((x) => x.ins === 0xb0 && x.ef === "000A");
        if (!read) return { fail: "EF 000A never read", evidence: [apduEvidence(o, xs)] };
        const verified = xs.some((x) => x.session === read.session && x.seq < read.seq && isVerifyWithData(x) && x.ef === "0018" && x.sw === 0x9000);
        return verified ? undefined : { fail: `EF 000A read at #${read.seq} before a successful VERIFY of EF 0018`, evidence: [apduEvidence(o, xs.filter((x) => x.seq <= read.seq))] };
      }, "PIN verified before the certificate"),
  },
  {
    id: "MYNA-HOST-006",
    statement: "Never blocks a PIN by retrying it: one VERIFY per PIN the patient typed; stops at the tries left the card reports (63Cx).",
    role: "host",
    sources: [
      { page: `${CARD_APDUS}#verify`, reference: "opensc-jpki (63Cx tries left, 6984 blocked); jpki-faq (3 tries)" },
      { page: "docs/domain/reader-models.md#face-match-lock", reference: "jpki-faq, tbs-news" },
    ],
    applicability: "roles ∋ host, cards: true",
    notApplicable: (p) => firstReason(needsRole(p, "host"), needsCards(p)),
    scenarios: [SCENARIO.cardWrongPin],
    method: "device-side trace: VERIFY commands with data ≤ PIN entries typed (scenario fact pinEntries); none answered 63C0 or 6984",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.cardWrongPin], (o) => {
        const tries = exchanges(o).filter(isVerifyWithData);
        const typed = Number(o.facts.pinEntries ?? 0);
        const blocked = tries.filter((x) => x.sw === 0x63c0 || x.sw === 0x6984);
        if (tries.length > typed || blocked.length > 0) return { fail: `${tries.length} PIN tries for ${typed} typed${blocked.length > 0 ? `; the PIN was blocked at #${blocked[0]?.seq}` : ""}`, evidence: [apduEvidence(o, tries), patientEvidence(o)] };
        return undefined;
      }, "one VERIFY per typed PIN, never blocked"),
  },
  {
    id: "MYNA-HOST-007",
    statement: "Selects an application by AID before selecting any EF in it (never relies on an application selected by default).",
    role: "host",
    sources: [{ page: `${CARD_APDUS}#applications`, reference: "opensc-jpki (SELECT 00 A4 04 0C with AID_JPKI first)" }],
    applicability: "roles ∋ host",
    notApplicable: (p) => needsRole(p, "host"),
    scenarios: CERTIFICATE_READS,
    method: "device-side trace: every SELECT by FID (P1 02) comes after a successful SELECT by AID in the same session",
    judge: ({ observations }) =>
      judgeEach(observations, CERTIFICATE_READS, (o) => {
        const bad = exchanges(o).filter((x) => x.ins === 0xa4 && x.p1 === 0x02 && x.application === undefined);
        return bad.length > 0 ? { fail: `EF selected with no application selected`, evidence: [apduEvidence(o, bad)] } : undefined;
      }, "an AID was selected before every EF"),
  },
  {
    id: "MYNA-HOST-008",
    statement: "Signs with the authentication key (EF 0017) only after a successful VERIFY of the auth PIN in the same card session (no reset in between).",
    role: "host",
    sources: [
      { page: `${CARD_APDUS}#signing`, reference: "opensc-jpki" },
      { page: `${CARD_APDUS}#security-status`, reference: "opensc-1328 (a reset between VERIFY and signing loses the login)" },
    ],
    applicability: "roles ∋ host, cards: true or phoneOses ∋ android",
    notApplicable: (p) => firstReason(needsRole(p, "host"), p.cards || p.phoneOses.includes("android") ? undefined : "neither cards nor Android"),
    scenarios: [SCENARIO.cardPinOk, SCENARIO.androidOk],
    method: "device-side trace: each COMPUTE DIGITAL SIGNATURE (80 2A) has EF 0017 selected and a VERIFY answered 9000 earlier in its session",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.cardPinOk, SCENARIO.androidOk], (o) => {
        const xs = exchanges(o);
        const signs = xs.filter((x) => x.ins === 0x2a);
        if (signs.length === 0) return { fail: "no signature was made", evidence: [apduEvidence(o, xs)] };
        const bad = signs.filter((s) => s.ef !== "0017" || !xs.some((x) => x.session === s.session && x.seq < s.seq && isVerifyWithData(x) && x.sw === 0x9000));
        return bad.length > 0 ? { fail: `signature without EF 0017 or a VERIFY in its session`, evidence: [apduEvidence(o, xs.filter((x) => x.seq <= (bad[0]?.seq ?? 0)))] } : undefined;
      }, "every signature followed a VERIFY in its session"),
  },
  {
    id: "MYNA-HOST-009",
    statement: "Signs within the iPhone's authorisation window after Face ID / Touch ID (the signature is answered 9000).",
    role: "host",
    sources: [
      { page: `${PHONE}#iphone`, reference: "mhlw-slides, guide-qa (biometrics before the hold); window length modelled" },
      { page: "docs/domain/read-failures.md#radio", reference: "vsmartcard-123 (time-outs while signing)" },
    ],
    applicability: "roles ∋ host, phoneOses ∋ ios",
    notApplicable: hostPhone("ios"),
    scenarios: [SCENARIO.iphoneOk, SCENARIO.iphoneNoBiometric],
    method: "device-side trace + patient actions: a COMPUTE DIGITAL SIGNATURE answered 9000 within authorisationWindowMs of the last biometric act",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.iphoneOk, SCENARIO.iphoneNoBiometric], (o) => {
        const windowMs = Number(o.facts.authorisationWindowMs ?? 30_000);
        const acts = o.patient.filter((p) => p.action === "biometric").map((p) => p.at);
        const signs = exchanges(o).filter((x) => x.ins === 0x2a && x.sw === 0x9000);
        const inWindow = signs.filter((s) => acts.some((a) => s.at >= a && s.at - a <= windowMs));
        if (inWindow.length === 0) return { fail: signs.length === 0 ? "the iPhone never signed" : "signed outside the authorisation window", evidence: [apduEvidence(o, exchanges(o)), patientEvidence(o)] };
        return undefined;
      }, "signed inside the window"),
  },
  {
    id: "MYNA-HOST-010",
    statement: "Ends an iPhone exchange with the last-command indicator 80 FC 00 00 after the signature.",
    role: "host",
    sources: [{ page: `${PHONE}#public-facts`, reference: "jpki-myna (80 FC 00 00 marks the host's last command)" }],
    applicability: "roles ∋ host, phoneOses ∋ ios",
    notApplicable: hostPhone("ios"),
    scenarios: [SCENARIO.iphoneOk],
    method: "device-side trace: an 80 FC 00 00 after the last COMPUTE DIGITAL SIGNATURE",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.iphoneOk], (o) => {
        const xs = exchanges(o);
        const lastSign = [...xs].reverse().find((x) => x.ins === 0x2a);
        if (!lastSign) return { fail: "no signature", evidence: [apduEvidence(o, xs)] };
        const ended = xs.some((x) => x.seq > lastSign.seq && x.command[0] === 0x80 && x.ins === 0xfc);
        return ended ? undefined : { fail: "no 80 FC 00 00 after the signature", evidence: [apduEvidence(o, xs.slice(-6))] };
      }, "last-command indicator sent"),
  },
  {
    id: "MYNA-HOST-011",
    statement: "Recovers when the device leaves the field mid-read (SCARD_W_REMOVED_CARD): reads it again when it is presented again.",
    role: "host",
    sources: [
      { page: "docs/domain/read-failures.md#host-software", reference: "several public trackers (the application never recovers)" },
      { page: "docs/domain/read-failures.md#radio", reference: "did2memo (the card or phone moved away mid-read)" },
    ],
    applicability: "roles ∋ host, phoneOses non-empty",
    notApplicable: (p) => firstReason(needsRole(p, "host"), needsAnyPhone(p)),
    scenarios: [SCENARIO.phoneRemovedMidRead],
    method: "device-side trace: after the harness took the phone away (patient action leaveField), a later session ends in a signature answered 9000",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.phoneRemovedMidRead], (o) => {
        const removed = o.patient.find((p) => p.action === "leaveField");
        if (!removed) return { inconclusive: "the harness never removed the device" };
        const xs = exchanges(o);
        const after = xs.filter((x) => x.at > removed.at);
        const signed = after.some((x) => x.ins === 0x2a && x.sw === 0x9000);
        return signed ? undefined : { fail: "no complete read after the device was presented again", evidence: [apduEvidence(o, after.length > 0 ? after : xs.slice(-6)), patientEvidence(o)] };
      }, "read again after the removal"),
  },
  {
    id: "MYNA-HOST-012",
    statement: "Uses only the user-authentication certificate and key: never selects the signing certificate, key or password EFs (0001, 001A, 001B) of the JPKI AP.",
    role: "host",
    sources: [{ page: `${CARD_APDUS}#elementary-files`, reference: "opensc-jpki (0001 signing certificate, private); jpki-faq (signing password)" }],
    applicability: "roles ∋ host",
    notApplicable: (p) => needsRole(p, "host"),
    scenarios: CERTIFICATE_READS,
    method: "device-side trace: no SELECT of EF 0001, 001A or 001B while the JPKI AP is selected",
    judge: ({ observations }) =>
      judgeEach(observations, CERTIFICATE_READS, (o) => {
        const bad = exchanges(o).filter((x) => x.ins === 0xa4 && x.p1 === 0x02 && x.application === JPKI_AID_HEX && /^(0001|001A|001B)$/i.test(Buffer.from(x.command.subarray(5, 7)).toString("hex")));
        return bad.length > 0 ? { fail: "the signing EFs were selected", evidence: [apduEvidence(o, bad)] } : undefined;
      }, "only the auth certificate and key were used"),
  },
];
