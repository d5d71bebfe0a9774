import { firstReason, needsAnyPhone, needsCards, needsPhone, needsRole } from "./applicability.ts";
import { apduEvidence, exchanges, judgeEach, patientEvidence, screenEvidence, serviceEvidence } from "./judge-helpers.ts";
import type { Requirement } from "./requirement.ts";
import { parseResultXml } from "./result-xml.ts";
import { findSecrets } from "./secret-scan.ts";
import { READ_SCENARIOS, SCENARIO } from "../observations/scenario-ids.ts";
import type { ScenarioObservation } from "../observations/scenario-observation.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";

const FLOW = "docs/domain/counter-flow.md";
const MODELS = "docs/domain/reader-models.md";
const RULES = "docs/domain/rules.md";
const OQS = "docs/domain/oqs-files.md";
/** The phone button's label (docs/domain/counter-flow.md#phone-button). */
export const PHONE_BUTTON = "スマートフォンを利用する";
const CONSENT_STATES = ["consent-drug", "consent-health-check", "consent-clinical", "consent-surgery", "consent-cost-cap"] as const;
const ALL = Object.values(SCENARIO);

const facr = (p: CapabilityProfile) => needsRole(p, "facr");
const facrPhones = (p: CapabilityProfile) => firstReason(facr(p), needsAnyPhone(p));
const facrGp = (p: CapabilityProfile) => firstReason(facrPhones(p), p.readsPhonesItself ? "the reader reads phones itself (Canon): no general-purpose reader" : undefined);
const facrFiles = (p: CapabilityProfile) => firstReason(facr(p), p.resultFiles ? undefined : "resultFiles not declared");
const screensReported = (o: ScenarioObservation) => (o.screens.length === 0 ? { inconclusive: "the DUT reported no screen" } : undefined);

/** Screens shown after the first patient action `action` (and before `until`, if given). */
function screensAfter(o: ScenarioObservation, action: string, until?: string) {
  const from = o.patient.find((p) => p.action === action)?.at;
  if (from === undefined) return undefined;
  const to = until === undefined ? Infinity : (o.patient.find((p) => p.action === until && p.at >= from)?.at ?? Infinity);
  return o.screens.filter((s) => s.at >= from && s.at <= to);
}

/** The face-auth reader / terminal requirements: screens, phone button, consent, result files. */
export const FACR_REQUIREMENTS: readonly Requirement[] = [
  {
    id: "MYNA-FACR-001",
    statement: "Shows 「スマートフォンを利用する」 only once a general-purpose reader is connected and set up (no button, no phone flow without it).",
    role: "facr",
    sources: [
      { page: `${FLOW}#phone-button`, reference: "notice-0918 (the button shows once a general-purpose reader is set up)" },
      { page: `${RULES}#general-purpose-reader`, reference: "notice-0918 §2" },
    ],
    applicability: "roles ∋ facr, phoneOses non-empty, readsPhonesItself: false",
    notApplicable: facrGp,
    scenarios: [SCENARIO.noGeneralPurposeReader],
    method: "displayed screens with no general-purpose reader: no screen offers the button, and pressing where it would be leads to no OS choice",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.noGeneralPurposeReader], (o) => {
        const shown = o.screens.filter((s) => s.buttons.includes(PHONE_BUTTON));
        const osChoice = o.screens.filter((s) => s.state === "os-choice");
        if (shown.length > 0 || osChoice.length > 0) return { fail: `phone button shown ${shown.length}×, OS choice reached ${osChoice.length}× with no general-purpose reader`, evidence: [screenEvidence(o), patientEvidence(o)] };
        return screensReported(o);
      }, "no phone button without a general-purpose reader"),
  },
  {
    id: "MYNA-FACR-002",
    statement: "Shows 「スマートフォンを利用する」 when a listed general-purpose reader is set up (or the model reads phones itself).",
    role: "facr",
    sources: [{ page: `${FLOW}#phone-button`, reference: "notice-0918; counter-flow step 1 (mhlw-slides)" }],
    applicability: "roles ∋ facr, phoneOses non-empty, generalPurposeReader.listed or readsPhonesItself",
    notApplicable: (p) => firstReason(facrPhones(p), p.readsPhonesItself || p.generalPurposeReader?.listed === true ? undefined : "no listed general-purpose reader declared"),
    scenarios: [SCENARIO.iphoneOk, SCENARIO.androidOk],
    method: "displayed screens: the top screen before the patient's choice offers the button",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.iphoneOk, SCENARIO.androidOk], (o) => {
        const choose = o.patient.find((p) => p.action === "choosePhone")?.at ?? Infinity;
        const offered = o.screens.some((s) => s.at <= choose && s.buttons.includes(PHONE_BUTTON));
        return offered ? undefined : (screensReported(o) ?? { fail: "the top screen never offered the phone button", evidence: [screenEvidence(o)] });
      }, "the phone button was offered"),
  },
  {
    id: "MYNA-FACR-003",
    statement: "Shows guidance when a phone is held before 「スマートフォンを利用する」 was pressed (premature tap).",
    role: "facr",
    sources: [
      { page: "docs/domain/read-failures.md#face-auth-reader", reference: "mhlw-slides (pilot: phone held before pressing the button)" },
      { page: "docs/domain/pilot-findings.md", reference: "mhlw-slides" },
    ],
    applicability: "roles ∋ facr, phoneOses non-empty, readsPhonesItself: false",
    notApplicable: facrGp,
    scenarios: [SCENARIO.prematureTap],
    method: "displayed screens: between the hold and the button press, a guidance screen with at least one line",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.prematureTap], (o) => {
        const shown = screensAfter(o, "hold", "choosePhone");
        if (shown === undefined) return { inconclusive: "the harness never held the phone" };
        const guided = shown.some((s) => s.kind === "guidance" && s.lines.length > 0);
        return guided ? undefined : (screensReported(o) ?? { fail: "no guidance after the premature tap", evidence: [screenEvidence(o), patientEvidence(o)] });
      }, "guidance shown on a premature tap"),
  },
  {
    id: "MYNA-FACR-004",
    statement: "Shows guidance when a phone is held on the face-auth reader's card antenna instead of the general-purpose reader.",
    role: "facr",
    sources: [{ page: "docs/domain/read-failures.md#face-auth-reader", reference: "mhlw-slides (pilot: phone on the FACR's card antenna)" }],
    applicability: "roles ∋ facr, phoneOses non-empty, readsPhonesItself: false",
    notApplicable: facrGp,
    scenarios: [SCENARIO.phoneOnCardSlot],
    method: "displayed screens: after the hold on the card slot, a guidance screen with at least one line",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.phoneOnCardSlot], (o) => {
        const shown = screensAfter(o, "hold");
        if (shown === undefined) return { inconclusive: "the harness never held the phone" };
        return shown.some((s) => s.kind === "guidance" && s.lines.length > 0) ? undefined : (screensReported(o) ?? { fail: "no guidance for a phone on the card antenna", evidence: [screenEvidence(o)] });
      }, "guidance shown for the wrong antenna"),
  },
  {
    id: "MYNA-FACR-005",
    statement: "When an iPhone is held without Face ID / Touch ID, asks for the biometric act and reads it after the patient does it.",
    role: "facr",
    sources: [{ page: `${FLOW}#identity-check`, reference: "mhlw-slides (iPhone 生体認証), guide-qa" }],
    applicability: "roles ∋ facr, phoneOses ∋ ios",
    notApplicable: (p) => firstReason(facr(p), needsPhone(p, "ios")),
    scenarios: [SCENARIO.iphoneNoBiometric],
    method: "displayed screens: a guidance screen after the first hold, then the result screen",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.iphoneNoBiometric], (o) => {
        const shown = screensAfter(o, "hold");
        if (shown === undefined) return { inconclusive: "the harness never held the phone" };
        const guided = shown.some((s) => s.kind === "guidance");
        const done = o.screens.some((s) => s.kind === "result");
        return guided && done ? undefined : (screensReported(o) ?? { fail: `${guided ? "" : "no biometric guidance; "}${done ? "" : "never completed after the act"}`, evidence: [screenEvidence(o), patientEvidence(o)] });
      }, "biometric guidance, then read"),
  },
  {
    id: "MYNA-FACR-006",
    statement: "Refuses an expired phone certificate at the reader (code 006; phones have no grace) and sends nothing to the service.",
    role: "facr",
    sources: [
      { page: `${RULES}#certificate-expiry`, reference: "notice-0918 note 2, mhlw-slides" },
      { page: `${MODELS}#screen-codes`, reference: "press / vendor-faq (006 利用者証明用電子証明書の失効・有効期限切れ)" },
    ],
    applicability: "roles ∋ facr, phoneOses non-empty",
    notApplicable: facrPhones,
    scenarios: [SCENARIO.phoneExpired],
    method: "displayed screens show code 006; the service log has no qualify call",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.phoneExpired], (o) => {
        const code006 = o.screens.some((s) => s.code === "006");
        const asked = o.service.filter((c) => c.op === "qualify");
        if (!code006 || asked.length > 0) return { fail: `${code006 ? "" : "no 006 screen; "}${asked.length} qualification request(s) sent`, evidence: [screenEvidence(o), serviceEvidence(o)] };
        return undefined;
      }, "expired phone refused with 006"),
  },
  {
    id: "MYNA-FACR-007",
    statement: "Accepts a card whose certificate expired less than 3 months ago, with the expiry alert.",
    role: "facr",
    sources: [
      { page: `${RULES}#certificate-expiry`, reference: "notice-0918 illustration, mhlw-slides (3 months' grace for the card)" },
      { page: `${MODELS}#expiry-alert`, reference: "public (alert 3 months before to 3 months after)" },
    ],
    applicability: "roles ∋ facr, cards: true",
    notApplicable: (p) => firstReason(facr(p), needsCards(p)),
    scenarios: [SCENARIO.cardInGrace],
    method: "displayed screens: an alert screen and the result screen; the service answered",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.cardInGrace], (o) => {
        const alert = o.screens.some((s) => s.kind === "alert");
        const answered = o.service.some((c) => c.op === "qualify" && c.outcome === "ok");
        return alert && answered ? undefined : { fail: `${alert ? "" : "no expiry alert; "}${answered ? "" : "not qualified"}`, evidence: [screenEvidence(o), serviceEvidence(o)] };
      }, "card in grace accepted with the alert"),
  },
  {
    id: "MYNA-FACR-008",
    statement: "Refuses a card whose certificate expired more than 3 months ago (code 006) without asking the service.",
    role: "facr",
    sources: [{ page: `${RULES}#certificate-expiry`, reference: "notice-0918, mhlw-slides" }],
    applicability: "roles ∋ facr, cards: true",
    notApplicable: (p) => firstReason(facr(p), needsCards(p)),
    scenarios: [SCENARIO.cardBeyondGrace],
    method: "displayed screens show code 006; no qualify call",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.cardBeyondGrace], (o) => {
        const code006 = o.screens.some((s) => s.code === "006");
        const asked = o.service.some((c) => c.op === "qualify");
        return code006 && !asked ? undefined : { fail: `${code006 ? "" : "no 006 screen; "}${asked ? "the service was asked" : ""}`, evidence: [screenEvidence(o), serviceEvidence(o)] };
      }, "expired card refused with 006"),
  },
  {
    id: "MYNA-FACR-009",
    statement: "After a wrong PIN, shows the PIN pad again with the tries left the card reported.",
    role: "facr",
    sources: [{ page: "docs/domain/card-apdus.md#verify", reference: "opensc-jpki (63Cx); jpki-faq" }],
    applicability: "roles ∋ facr, cards: true, identityPaths.pin",
    notApplicable: (p) => firstReason(facr(p), needsCards(p), p.identityPaths.pin ? undefined : "identityPaths.pin is false"),
    scenarios: [SCENARIO.cardWrongPin],
    method: "displayed screens after the PIN was typed: an input screen mentioning the tries left (scenario fact triesLeftAfter)",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.cardWrongPin], (o) => {
        const shown = screensAfter(o, "enterPin");
        if (shown === undefined) return { inconclusive: "no PIN typed" };
        const left = String(o.facts.triesLeftAfter ?? "");
        const ok = shown.some((s) => s.kind === "input" && [s.title, ...s.lines].some((l) => l.includes(left)));
        return ok ? undefined : (screensReported(o) ?? { fail: `no PIN pad with ${left} tries left`, evidence: [screenEvidence(o)] });
      }, "PIN pad with the tries left"),
  },
  {
    id: "MYNA-FACR-010",
    statement: "A staff visual check sends no PIN to the card (the PIN counters are left alone).",
    role: "facr",
    sources: [
      { page: `${FLOW}#card-flow`, reference: "jpki-faq" },
      { page: `${MODELS}#face-match-lock`, reference: "tbs-news, jpki-faq" },
    ],
    applicability: "roles ∋ facr, cards: true, identityPaths.visual",
    notApplicable: (p) => firstReason(facr(p), needsCards(p), p.identityPaths.visual ? undefined : "identityPaths.visual is false"),
    scenarios: [SCENARIO.cardVisual],
    method: "device-side trace of the visual-check visit: no VERIFY",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.cardVisual], (o) => {
        const v = exchanges(o).filter((x) => x.ins === 0x20);
        return v.length > 0 ? { fail: `${v.length} VERIFY sent during a visual check`, evidence: [apduEvidence(o, v)] } : undefined;
      }, "no VERIFY on the visual path"),
  },
  {
    id: "MYNA-FACR-011",
    statement: "Shows the consent screens (drug, specific health check, clinical, surgery, cost-cap) after every read, phone or card.",
    role: "facr",
    sources: [{ page: `${FLOW}#consent-screens`, reference: "guide-qa, mhlw-slides; field names myclinic-ts" }],
    applicability: "roles ∋ facr",
    notApplicable: facr,
    scenarios: READ_SCENARIOS,
    method: "displayed screens of each completed read include the five consent screens",
    judge: ({ observations }) =>
      judgeEach(observations, READ_SCENARIOS, (o) => {
        const missing = CONSENT_STATES.filter((id) => !o.screens.some((s) => s.state === id));
        return missing.length > 0 ? (screensReported(o) ?? { fail: `consent screens missing: ${missing.join(", ")}`, evidence: [screenEvidence(o)] }) : undefined;
      }, "all consent screens shown"),
  },
  {
    id: "MYNA-FACR-012",
    statement: "Writes each result file atomically: it appears complete under its final name (temporary file, then rename), no temporary file left.",
    role: "facr",
    sources: [{ page: `${OQS}#modelled-here`, reference: "oqs-files (atomic write, modelled); sanox-notes (RES folder polled by the receipt computer)" }],
    applicability: "roles ∋ facr, resultFiles declared",
    notApplicable: facrFiles,
    scenarios: [...READ_SCENARIOS, SCENARIO.serviceDown],
    method: "RES folder watch: no in-place change of a final OQS*.xml name; no other file left; each file parses",
    judge: ({ observations }) =>
      judgeEach(observations, [...READ_SCENARIOS, SCENARIO.serviceDown], (o) => {
        if (o.resultFiles.length === 0) return { fail: "no result file written", evidence: [serviceEvidence(o)] };
        const inPlace = o.resEvents.filter((e) => e.event === "change" && /^OQS.*\.xml$/.test(e.name));
        const leftovers = String(o.facts.resLeftovers ?? "");
        const unparsed = o.resultFiles.filter((f) => parseResultXml(f.xml) === undefined);
        if (inPlace.length > 0 || leftovers !== "" || unparsed.length > 0)
          return { fail: `${inPlace.length} in-place write(s)${leftovers ? `, left: ${leftovers}` : ""}${unparsed.length ? `, ${unparsed.length} unparsable` : ""}`, evidence: [{ scenario: o.scenario, channel: "result-file", excerpt: o.resEvents.map((e) => `${e.event} ${e.name}`) }] };
        return undefined;
      }, "result files written atomically"),
  },
  {
    id: "MYNA-FACR-013",
    statement: "Names result files OQSsiquc01res_face_*.xml and uses the public field names (XmlMsg/MessageHeader/MessageBody, SegmentOfResult, ProcessingResultStatus, QualificationValidity…).",
    role: "facr",
    sources: [{ page: `${OQS}#result-codes`, reference: "myclinic-ts (onshi-result code), sanox-notes" }],
    applicability: "roles ∋ facr, resultFiles declared",
    notApplicable: facrFiles,
    scenarios: READ_SCENARIOS,
    method: "result files: name pattern; MessageHeader has MedicalInstitutionCode, ReferenceClassification, SegmentOfResult ∈ {1,2,9}; MessageBody has ProcessingResultStatus ∈ {1,2} and, when valid, QualificationValidity ∈ 1–6",
    judge: ({ observations }) =>
      judgeEach(observations, READ_SCENARIOS, (o) => {
        const problems: string[] = [];
        for (const f of o.resultFiles) {
          if (!/^OQSsiquc01res_face_.+\.xml$/.test(f.name)) problems.push(`${f.name}: name`);
          const doc = parseResultXml(f.xml);
          if (!doc) {
            problems.push(`${f.name}: not XmlMsg/MessageHeader/MessageBody`);
            continue;
          }
          if (typeof doc.header.MedicalInstitutionCode !== "string") problems.push(`${f.name}: no MedicalInstitutionCode`);
          if (!["1", "2"].includes(String(doc.header.ReferenceClassification))) problems.push(`${f.name}: ReferenceClassification`);
          if (!["1", "2", "9"].includes(String(doc.header.SegmentOfResult))) problems.push(`${f.name}: SegmentOfResult`);
          if (!["1", "2"].includes(String(doc.body.ProcessingResultStatus))) problems.push(`${f.name}: ProcessingResultStatus`);
          if (doc.body.ProcessingResultStatus === "1" && !/^[1-6]$/.test(String(doc.body.QualificationValidity))) problems.push(`${f.name}: QualificationValidity`);
        }
        if (o.resultFiles.length === 0) problems.push("no result file");
        return problems.length > 0 ? { fail: problems.join("; "), evidence: [{ scenario: o.scenario, channel: "result-file", excerpt: o.resultFiles.map((f) => f.name) }] } : undefined;
      }, "public names and codes"),
  },
  {
    id: "MYNA-FACR-014",
    statement: "The result file carries the service's answer: its QualificationValidity and ProcessingResultStatus.",
    role: "facr",
    sources: [{ page: `${OQS}#qualificationvalidity`, reference: "myclinic-ts, sanox-notes" }],
    applicability: "roles ∋ facr, resultFiles declared",
    notApplicable: facrFiles,
    scenarios: READ_SCENARIOS,
    method: "for each answered qualify call, a result file with the same QualificationValidity",
    judge: ({ observations }) =>
      judgeEach(observations, READ_SCENARIOS, (o) => {
        const answers = o.service.filter((c) => c.op === "qualify" && c.outcome === "ok");
        const validities = o.resultFiles.map((f) => String(parseResultXml(f.xml)?.body.QualificationValidity ?? ""));
        const missing = answers.filter((a) => !validities.includes(String(a.qualificationValidity ?? "")));
        if (answers.length === 0) return { fail: "the service never answered", evidence: [serviceEvidence(o)] };
        return missing.length > 0 ? { fail: `answer ${missing.map((a) => a.qualificationValidity).join(", ")} not in any result file`, evidence: [serviceEvidence(o)] } : undefined;
      }, "result files match the answers"),
  },
  {
    id: "MYNA-FACR-015",
    statement: "No PIN or password appears in any log, screen, journal, trace or result file.",
    role: "facr",
    sources: [{ page: "docs/domain/pcsc-vpcd.md#running-pcscd", reference: "measured-here (pcscd -a logs PINs); docs/architecture.md conventions" }],
    applicability: "roles ∋ facr",
    notApplicable: facr,
    scenarios: ALL,
    method: "every observation channel: no token whose salted SHA-256 equals one of the run's secrets",
    judge: ({ observations }) =>
      judgeEach(observations, ALL, (o) => {
        const hits = findSecrets(observations, o);
        return hits.length > 0 ? { fail: `a secret appears in: ${hits.slice(0, 5).join(", ")}`, evidence: [{ scenario: o.scenario, channel: "log", excerpt: hits.slice(0, 10) }] } : undefined;
      }, "no secret anywhere"),
  },
  {
    id: "MYNA-FACR-016",
    statement: "When a phone read fails, tells the patient to hold it again and names the other ways (card, 資格確認書, Mynaportal).",
    role: "facr",
    sources: [
      { page: "docs/domain/fallbacks.md", reference: "notice-0918 (fallbacks: card, 資格確認書, Mynaportal screen)" },
      { page: "docs/domain/read-failures.md#radio", reference: "did2memo" },
    ],
    applicability: "roles ∋ facr, phoneOses non-empty",
    notApplicable: facrPhones,
    scenarios: [SCENARIO.phoneRemovedMidRead],
    method: "displayed screens after the device left: a guidance screen whose lines name 資格確認書 or マイナポータル",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.phoneRemovedMidRead], (o) => {
        const shown = screensAfter(o, "leaveField");
        if (shown === undefined) return { inconclusive: "the harness never removed the phone" };
        const ok = shown.some((s) => s.kind === "guidance" && s.lines.some((l) => /資格確認書|マイナポータル/.test(l)));
        return ok ? undefined : (screensReported(o) ?? { fail: "no guidance naming the fallbacks", evidence: [screenEvidence(o)] });
      }, "fallbacks named"),
  },
];
