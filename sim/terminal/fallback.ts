/**
 * What the counter does when the online qualification cannot be completed (docs/domain/fallbacks.md, seeds 000 and 004).
 * None of these counts towards the facility's usage rate: only a successful online qualification does.
 */
export type FallbackKind =
  /** The patient logs in to Mynaportal on the spot and shows the eligibility screen; staff check it by eye. */
  | "mynaportal-screen"
  /** A PDF of the eligibility screen downloaded from Mynaportal. */
  | "mynaportal-pdf"
  /** The physical My Number Card instead of the phone. */
  | "physical-card"
  /** 資格確認書 (eligibility certificate). */
  | "eligibility-certificate"
  /** 資格情報のお知らせ together with the card, when the system or network is down. */
  | "qualification-notice-with-card"
  /** 被保険者資格申立書 (self-declaration), first visit while the system is down. */
  | "self-declaration"
  /** Oral check on a revisit with known insurance data, while the system is down. */
  | "oral-check-revisit";

/** Why the online path failed. */
export type FallbackCause = "phone-read-failed" | "card-read-failed" | "certificate-invalid" | "pin-blocked" | "system-unavailable";

/** The options, in the order the notices give them, for a failure cause. */
export function fallbackOptions(cause: FallbackCause, visit: { firstVisit: boolean }): FallbackKind[] {
  switch (cause) {
    case "phone-read-failed":
      // First check how the phone is held (the reader's guidance); still failing: these, staff check by eye.
      return ["physical-card", "eligibility-certificate", "mynaportal-screen", "mynaportal-pdf"];
    case "card-read-failed":
    case "certificate-invalid":
    case "pin-blocked":
      return ["eligibility-certificate", "mynaportal-screen", "mynaportal-pdf"];
    case "system-unavailable":
      return visit.firstVisit ? ["qualification-notice-with-card", "self-declaration"] : ["qualification-notice-with-card", "oral-check-revisit"];
  }
}

/** A fallback as the terminal records it. */
export interface FallbackRecord {
  at: string;
  facility: string;
  cause: FallbackCause;
  kind: FallbackKind;
  /** Always false: fallbacks never count towards the usage rate (notice-0918, 注1, docs/domain/sources.md). */
  countsTowardsUsage: false;
  /** The patient pays the proper share, e.g. `030`. */
  copaymentRatio?: string;
  note?: string;
}

/** Where the insured number on the receipt claim comes from, in the notices' order. */
export interface ReceiptInsuredNumber {
  /** (1) interview or history, (2) the past number from the 資格（無効） screen, (3) unknown. */
  source: 1 | 2 | 3;
  insurerNumber: string;
  /** For (3): the address and contact go into the remarks (不詳レセプト). */
  remarks?: string;
}

/**
 * The receipt-claim order when the eligibility is unclear: (1) the current insured number from the interview or the
 * patient's history; else (2) the past number from the 資格（無効） screen; else (3) the insurer number filled with "7" to
 * the field's full width (8 digits; 6 for 国民健康保険), with address and contact in the remarks.
 */
export function receiptInsuredNumber(known: { fromInterview?: string; fromInvalidScreen?: string; address?: string; contact?: string; fieldWidth?: 6 | 8 }): ReceiptInsuredNumber {
  if (known.fromInterview) return { source: 1, insurerNumber: known.fromInterview };
  if (known.fromInvalidScreen) return { source: 2, insurerNumber: known.fromInvalidScreen };
  const remarks = [known.address && `住所: ${known.address}`, known.contact && `連絡先: ${known.contact}`].filter(Boolean).join(" / ");
  return { source: 3, insurerNumber: "7".repeat(known.fieldWidth ?? 8), remarks: remarks || "住所・連絡先: 不明" };
}
