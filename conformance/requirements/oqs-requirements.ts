import { firstReason, needsAnyPhone, needsCards, needsRole } from "./applicability.ts";
import { judgeEach, observed, serviceEvidence } from "./judge-helpers.ts";
import type { Evidence, Requirement } from "./requirement.ts";
import { parseResultXml } from "./result-xml.ts";
import { READ_SCENARIOS, SCENARIO } from "../observations/scenario-ids.ts";
import type { CapabilityProfile } from "../profile/capability-profile.ts";

const ONSHI = "sim/onshi/README.md";
const RULES = "docs/domain/rules.md";
/** Retries a client may make after a transient failure before giving up (modelled bound; docs/domain/fallbacks.md). */
export const MAX_TRANSIENT_RETRIES = 3;
const ALL = Object.values(SCENARIO);
const client = (p: CapabilityProfile) => needsRole(p, "oqs-client");
/** The consent flags the patient gave, as scenario facts `consent.<field>`, compared with what reached the service. */
const CONSENT_FIELDS = ["pharmacistsInfo", "specificHealthCheckInfo", "diagnosisInfo", "operationInfo", "limitApplicationCertificateRelatedConsFlg"] as const;

/** The online-qualification-service client requirements: challenges, certificate rules, consent, retries. */
export const OQS_REQUIREMENTS: readonly Requirement[] = [
  {
    id: "MYNA-OQS-001",
    statement: "Uses each challenge once: no two qualification requests sign the same challenge.",
    role: "oqs-client",
    sources: [
      { page: `docs/domain/system.md`, reference: `${ONSHI} (POST /challenges: single use); modelled challenge protocol` },
      { page: "docs/domain/load-figures.md", reference: "modelled: one fresh challenge per qualification" },
    ],
    applicability: "roles ∋ oqs-client",
    notApplicable: client,
    scenarios: ALL,
    method: "service log over the whole run: the challengeIds of qualify calls are distinct; no refusal challenge-replayed",
    judge: ({ observations }) => {
      const { usable, missing } = observed(observations, ALL);
      const seen = new Map<string, string>();
      const reused: string[] = [];
      const evidence: Evidence[] = [];
      for (const o of usable) {
        for (const c of o.service.filter((x) => x.op === "qualify")) {
          const id = c.challengeId ?? "";
          const before = seen.get(id);
          if (before !== undefined || c.processingResultCode === "challenge-replayed") {
            reused.push(`${id} in ${before ?? "?"} and ${o.scenario}`);
            evidence.push(serviceEvidence(o));
          }
          seen.set(id, o.scenario);
        }
      }
      if (reused.length > 0) return { verdict: "fail", message: `challenge reused: ${reused.slice(0, 3).join("; ")}`, evidence: evidence.slice(0, 3) };
      if (seen.size === 0) return { verdict: "inconclusive", message: `no qualification request observed${missing.length ? `: ${missing.join("; ")}` : ""}`, evidence: [] };
      return { verdict: "pass", message: `${seen.size} qualification requests, ${seen.size} distinct challenges`, evidence: [] };
    },
  },
  {
    id: "MYNA-OQS-002",
    statement: "Signs a challenge the service issued for this read (requested before the qualification, in the same visit).",
    role: "oqs-client",
    sources: [{ page: "docs/domain/system.md", reference: `${ONSHI} (challenges bound to the facility, TTL 60 s; modelled)` }],
    applicability: "roles ∋ oqs-client",
    notApplicable: client,
    scenarios: READ_SCENARIOS,
    method: "service log: each qualify's challengeId was returned by a requestChallenge earlier in the same scenario",
    judge: ({ observations }) =>
      judgeEach(observations, READ_SCENARIOS, (o) => {
        const issued = o.service.filter((c) => c.op === "requestChallenge");
        const stale = o.service.filter((c) => c.op === "qualify" && !issued.some((i) => i.challengeId === c.challengeId && i.at <= c.at));
        return stale.length > 0 ? { fail: `${stale.length} qualification(s) with a challenge not issued for this visit`, evidence: [serviceEvidence(o)] } : undefined;
      }, "fresh challenges"),
  },
  {
    id: "MYNA-OQS-003",
    statement: "Records the consent the patient gave on the reader's screens with the qualification, flag for flag.",
    role: "oqs-client",
    sources: [
      { page: "docs/domain/counter-flow.md#consent-screens", reference: "guide-qa, mhlw-slides" },
      { page: "docs/domain/oqs-files.md#request-fields", reference: "myclinic-ts (…ConsFlg field names)" },
    ],
    applicability: "roles ∋ oqs-client",
    notApplicable: client,
    scenarios: READ_SCENARIOS,
    method: "service journal: the scenario's qualified (or consent) event carries consent flags equal to the patient's answers (facts consent.*)",
    judge: ({ observations }) =>
      judgeEach(observations, READ_SCENARIOS, (o) => {
        const recorded = o.journal
          .map((e) => (e.type === "qualified" ? (e.qualification as { consent?: Record<string, unknown> } | undefined)?.consent : e.type === "consent" ? (e.consent as Record<string, unknown>) : undefined))
          .filter((c): c is Record<string, unknown> => c !== undefined);
        if (recorded.length === 0) return { fail: "no consent recorded at the service", evidence: [{ scenario: o.scenario, channel: "journal", excerpt: o.journal.map((e) => String(e.type)) }] };
        const consent = recorded[recorded.length - 1] as Record<string, unknown>;
        const wrong = CONSENT_FIELDS.filter((f) => consent[f] !== o.facts[`consent.${f}`]);
        return wrong.length > 0 ? { fail: `consent differs from the patient's answers: ${wrong.join(", ")}`, evidence: [{ scenario: o.scenario, channel: "journal", excerpt: [JSON.stringify(consent)] }] } : undefined;
      }, "consent recorded as given"),
  },
  {
    id: "MYNA-OQS-004",
    statement: `Gives up on a transient service failure after at most ${MAX_TRANSIENT_RETRIES} retries and writes an error result file (SegmentOfResult 9).`,
    role: "oqs-client",
    sources: [
      { page: "docs/domain/fallbacks.md", reference: "notice-0918 (fallbacks when the system is unavailable)" },
      { page: "docs/domain/oqs-files.md#result-codes", reference: "myclinic-ts, sanox-notes (SegmentOfResult 9 abnormal)" },
    ],
    applicability: "roles ∋ oqs-client",
    notApplicable: client,
    scenarios: [SCENARIO.serviceDown],
    method: `service log with every qualify failing (503): at most ${1 + MAX_TRANSIENT_RETRIES} qualify attempts; a result file with SegmentOfResult 9`,
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.serviceDown], (o) => {
        const attempts = o.service.filter((c) => c.op === "qualify").length;
        const errorFile = o.resultFiles.some((f) => parseResultXml(f.xml)?.header.SegmentOfResult === "9");
        if (attempts === 0) return { inconclusive: "the DUT never reached the qualification step" };
        return attempts > 1 + MAX_TRANSIENT_RETRIES || !errorFile ? { fail: `${attempts} attempts${errorFile ? "" : ", no SegmentOfResult 9 result file"}`, evidence: [serviceEvidence(o)] } : undefined;
      }, "bounded retries and an error result"),
  },
  {
    id: "MYNA-OQS-005",
    statement: "Refuses an expired phone certificate without asking the service, while accepting a card within its 3-month grace.",
    role: "oqs-client",
    sources: [{ page: `${RULES}#certificate-expiry`, reference: "notice-0918 note 2 and illustration, mhlw-slides" }],
    applicability: "roles ∋ oqs-client, phoneOses non-empty, cards: true",
    notApplicable: (p) => firstReason(client(p), needsAnyPhone(p), needsCards(p)),
    scenarios: [SCENARIO.phoneExpired, SCENARIO.cardInGrace],
    method: "service log: no qualify in phone-expired; in card-in-grace a qualify answered ok with certificateInGrace",
    judge: ({ observations }) =>
      judgeEach(observations, [SCENARIO.phoneExpired, SCENARIO.cardInGrace], (o) => {
        const qualifies = o.service.filter((c) => c.op === "qualify");
        if (o.scenario === SCENARIO.phoneExpired) return qualifies.length > 0 ? { fail: "an expired phone certificate was sent to the service", evidence: [serviceEvidence(o)] } : undefined;
        return qualifies.some((c) => c.outcome === "ok" && c.certificateInGrace === true) ? undefined : { fail: "the card in grace was not qualified", evidence: [serviceEvidence(o)] };
      }, "expiry rules followed"),
  },
  {
    id: "MYNA-OQS-006",
    statement: "Writes a result file for every qualification request, answered, refused or failed.",
    role: "oqs-client",
    sources: [{ page: "docs/domain/oqs-files.md#integration", reference: "myclinic-ts, sanox-notes (REQ/RES folders)" }],
    applicability: "roles ∋ oqs-client, resultFiles declared",
    notApplicable: (p) => firstReason(client(p), p.resultFiles ? undefined : "resultFiles not declared"),
    scenarios: [...READ_SCENARIOS, SCENARIO.serviceDown],
    method: "per scenario: result files ≥ qualification visits that reached the service (1 when any qualify was made)",
    judge: ({ observations }) =>
      judgeEach(observations, [...READ_SCENARIOS, SCENARIO.serviceDown], (o) => {
        const asked = o.service.some((c) => c.op === "qualify");
        return asked && o.resultFiles.length === 0 ? { fail: "the service was asked but no result file was written", evidence: [serviceEvidence(o)] } : undefined;
      }, "a result file for every request"),
  },
  {
    id: "MYNA-OQS-007",
    statement: "Declares the device kind and identity method it actually used (card/iphone/android; face/pin/visual/biometric).",
    role: "oqs-client",
    sources: [{ page: "docs/domain/counter-flow.md#identity-check", reference: "mhlw-slides (iPhone 生体認証, Android PIN認証)" }],
    applicability: "roles ∋ oqs-client",
    notApplicable: client,
    scenarios: READ_SCENARIOS,
    method: "service log: each qualify's deviceKind/method equals the scenario's device and path (facts method)",
    judge: ({ observations }) =>
      judgeEach(observations, READ_SCENARIOS, (o) => {
        const wrong = o.service.filter((c) => c.op === "qualify" && (c.deviceKind !== o.device || c.method !== o.facts.method));
        return wrong.length > 0 ? { fail: `declared ${wrong[0]?.deviceKind}/${wrong[0]?.method} for ${o.device}/${String(o.facts.method)}`, evidence: [serviceEvidence(o)] } : undefined;
      }, "device and method as used"),
  },
];
