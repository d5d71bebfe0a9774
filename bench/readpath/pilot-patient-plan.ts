import type { DeviceKind } from "../../sim/contract/identity-proof.ts";

/** The state of the patient's certificate at the counter (docs/domain/rules.md "certificate-expiry"). */
export type PilotCertificate = "valid" | "expired-in-grace" | "expired" | "revoked";

/** How the patient types the auth PIN (card, Android): right, wrong once then right, or three times wrong (a block). */
export type PilotPin = "right" | "wrong-once" | "block";

/**
 * A fault injected at the HTTP layer on the patient's qualification call (MODELLED): a 503 before the service sees
 * the request, a 502 after it answered (the answer is lost), or a slow answer.
 */
export type PilotServiceFault = "none" | "503-before" | "502-after" | "slow";

/** One patient of the pilot mix, as drawn from the seed. */
export interface PilotPatientPlan {
  device: DeviceKind;
  certificate: PilotCertificate;
  /** `right` for an iPhone (Face ID, no PIN). A block is drawn for cards only. */
  pin: PilotPin;
  /** Phone held before 「スマートフォンを利用する」 was pressed (phones only). */
  prematureTap: boolean;
  fault: PilotServiceFault;
  /** Extra delay of a slow answer, ms (0 unless `fault` is `slow`). */
  slowMs: number;
}

/**
 * What the plan must end in: `qualified`, `refused:<processingResultCode>` by the service, or `device-error:<cause>`
 * before the service is asked. A card in grace qualifies; a phone has no grace (docs/domain/rules.md
 * "certificate-expiry", docs/domain/phone-token.md), so its certificate expired at the card's expiry is refused.
 */
export function expectedPilotOutcome(plan: Pick<PilotPatientPlan, "device" | "certificate" | "pin">): string {
  if (plan.pin === "block") return "device-error:pin-blocked";
  const phone = plan.device !== "card";
  if (plan.certificate === "revoked") return "refused:certificate-revoked";
  if (plan.certificate === "expired" || (phone && plan.certificate === "expired-in-grace")) return "refused:certificate-expired";
  return "qualified";
}
