import { diffTraceLines, normalizeTraceLines } from "../../sim/trace/index.ts";
import type { ScenarioCarrier } from "./mechanisms/carrier-ports.ts";
import { runScenario } from "./run-scenario.ts";
import type { ScenarioEntry } from "./scenario-entry.ts";
import type { ScenarioVerdict } from "./scenario-verdict.ts";

/** Where a failing run's APDUs part from the passing run of the same entry, or why there is no passing run to compare. */
export type ReferenceDivergence =
  | { readonly kind: "diverges"; readonly line: number; readonly before: readonly string[]; readonly failing: string | undefined; readonly passing: string | undefined }
  | { readonly kind: "same-apdus" }
  | { readonly kind: "no-reference"; readonly reason: string };

/**
 * Runs `entry` again with every rule on (same seed and carrier) as the reference, and finds the first APDU line where
 * the failing run's normalized trace (docs/domain/traces.md) parts from it. With every rule already on there is no
 * passing configuration to compare with: the reason says so.
 */
export async function referenceDivergence(entry: ScenarioEntry, failing: ScenarioVerdict, context = 3): Promise<ReferenceDivergence> {
  if (failing.rulesOff.length === 0) return { kind: "no-reference", reason: "every rule was on: no passing run of this entry to compare with" };
  const reference = await runScenario(entry, { seed: failing.seed, carrier: failing.carrier as ScenarioCarrier });
  if (!reference.passed) return { kind: "no-reference", reason: `with every rule on it fails too (${reference.differences[0] ?? ""})` };
  const diff = diffTraceLines(normalizeTraceLines(failing.trace.entries), normalizeTraceLines(reference.trace.entries), { context });
  if (diff.divergence === undefined) return { kind: "same-apdus" };
  const d = diff.divergence;
  return { kind: "diverges", line: d.line, before: d.before, failing: d.a, passing: d.b };
}

/** The readable form of a {@link ReferenceDivergence}, indented under a verdict line. */
export function formatReferenceDivergence(divergence: ReferenceDivergence): string {
  if (divergence.kind === "no-reference") return `     no reference trace: ${divergence.reason}\n`;
  if (divergence.kind === "same-apdus") return "     the APDUs are the same as in the passing run (every rule on): the difference is above the card\n";
  const lines = [`     first divergent APDU against the passing run (every rule on), normalized line ${divergence.line}:`];
  for (const l of divergence.before) lines.push(`         ${l}`);
  lines.push(`       - ${divergence.failing ?? "(the failing run ends here)"}   ← this run`, `       + ${divergence.passing ?? "(the passing run ends here)"}   ← passing run`);
  return `${lines.join("\n")}\n`;
}
