import { createHash } from "node:crypto";
import type { ObservationSet, ScenarioObservation } from "../observations/scenario-observation.ts";

/** The salted digest of a secret, as kept in {@link ObservationSet.secretDigests}. */
export function secretDigest(salt: string, secret: string): string {
  return createHash("sha256").update(`${salt}\u0000${secret}`).digest("hex");
}

/** Everything of a scenario a person or program could read besides the APDU bytes: screens, service calls, journal, result files, logs. */
function texts(o: ScenarioObservation): { channel: string; text: string }[] {
  return [
    { channel: "screen", text: JSON.stringify(o.screens) },
    { channel: "service", text: JSON.stringify(o.service) },
    { channel: "journal", text: JSON.stringify(o.journal) },
    { channel: "patient", text: JSON.stringify(o.patient) },
    ...o.resultFiles.map((f) => ({ channel: `result-file ${f.name}`, text: f.xml })),
    ...o.logs.map((l) => ({ channel: `log ${l.name}`, text: l.text })),
    // The APDU trace as stored: VERIFY data must be cut; an ASCII PIN would show as hex (31 32 33 34).
    { channel: "apdu", text: o.apdus.map((e) => Buffer.from(e.hex, "hex").toString("latin1")).join("\n") },
  ];
}

/**
 * Where a secret of the run shows up in a scenario's observations: every token of a secret's length made of its
 * characters (digits/letters, bounded by other characters) is hashed with the salt and compared. The secrets themselves
 * are never stored. (docs/architecture.md: PINs never appear in traces, logs or reports.)
 */
export function findSecrets(set: ObservationSet, o: ScenarioObservation): string[] {
  const { salt, digests, lengths } = set.secretDigests;
  const wanted = new Set(digests);
  const hits: string[] = [];
  for (const { channel, text } of texts(o)) {
    for (const length of new Set(lengths)) {
      const token = new RegExp(`(?<![0-9A-Za-z.])[0-9A-Z]{${length}}(?![0-9A-Za-z.])`, "g");
      for (const m of text.matchAll(token)) if (wanted.has(secretDigest(salt, m[0]))) hits.push(`${channel} at ${m.index}`);
    }
  }
  return hits;
}
