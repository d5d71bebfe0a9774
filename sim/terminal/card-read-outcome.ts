/**
 * How one card read at the counter ended, as the terminal classifies it.
 * Codes follow the face-auth readers' published messages where one exists (001, 006).
 */
export type CardReadOutcome =
  | { kind: "qualified"; inGrace: boolean }
  | { kind: "certificate-invalid"; code: "006"; reason: "revoked" | "expired" | "not-yet-valid" | "wrong-issuer" | "bad-signature" | "malformed" }
  | { kind: "pin-wrong"; triesLeft: number }
  | { kind: "pin-blocked" }
  | { kind: "signature-invalid" }
  | { kind: "read-failed"; code: "001"; detail: string };

/** A one-line description for progress lines and reports. */
export function describeOutcome(o: CardReadOutcome): string {
  switch (o.kind) {
    case "qualified":
      return o.inGrace ? "qualified (certificate expired, within the card's 3-month grace)" : "qualified";
    case "certificate-invalid":
      return `error 006: certificate ${o.reason}`;
    case "pin-wrong":
      return `PIN wrong, ${o.triesLeft} tries left → fallback`;
    case "pin-blocked":
      return "PIN blocked (6984) → fallback";
    case "signature-invalid":
      return "signature does not verify";
    case "read-failed":
      return `error 001: card not read (${o.detail})`;
  }
}
