import type { CapabilityProfile } from "../profile/capability-profile.ts";
import type { ObservationSet } from "../observations/scenario-observation.ts";

/**
 * Who a requirement binds: `host` — software reading a phone or card through a general-purpose PC/SC reader; `facr` —
 * face-auth reader / terminal software (screens, phone button, consent, result files); `oqs-client` — a client of the
 * online qualification service (challenges, certificate rules, consent, retries).
 */
export type Role = "host" | "facr" | "oqs-client";

/** The verdicts of a requirement. `error` is the harness's own failure, kept apart from the DUT's `fail`. */
export type Verdict = "pass" | "fail" | "inconclusive" | "not_applicable" | "error";

/** Where a requirement comes from: the docs/domain page and the public source that page names. */
export interface RequirementSource {
  /** `docs/domain/<file>.md#<section>`. */
  page: string;
  /** The public source by its short name (docs/domain/sources.md), with the section or file. */
  reference: string;
}

/** Evidence for a verdict: a short excerpt of one observation channel. */
export interface Evidence {
  scenario: string;
  channel: "apdu" | "screen" | "service" | "journal" | "result-file" | "log" | "patient";
  /** The lines shown in reports (already free of secrets). */
  excerpt: string[];
}

/** What a judge decides from the observations. */
export interface Judgement {
  verdict: "pass" | "fail" | "inconclusive";
  message: string;
  evidence: Evidence[];
}

/** What a judge sees. */
export interface JudgeContext {
  observations: ObservationSet;
  profile: CapabilityProfile;
}

/** One numbered requirement of the suite. */
export interface Requirement {
  /** Stable ID, e.g. `MYNA-HOST-001`; never reused. */
  id: string;
  /** One line. */
  statement: string;
  role: Role;
  sources: readonly RequirementSource[];
  /** Which capability-profile fields select it, in words (printed in reports). */
  applicability: string;
  /** Why it does not apply to `profile`, or `undefined` when it does. */
  notApplicable(profile: CapabilityProfile): string | undefined;
  /** The scenarios whose observations the judge reads. */
  scenarios: readonly string[];
  /** How it is judged, in words. */
  method: string;
  judge(context: JudgeContext): Judgement;
}
