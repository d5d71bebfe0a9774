import { WIRESHARK_HINT } from "../../sim/trace/index.ts";
import type { Reproduction } from "./reproduce-incident.ts";

/** Where the files of each run were written, by entry id (see `writeReproduction`). */
export type RunFiles = ReadonlyMap<string, { normalized: string; pcapng: string; text: string }>;

/** Entries listed as the nearest when nothing matches. */
const NEAREST = 5;

/**
 * The readable answer of `reproduce`: the incident in one line, the matching entries with why, each run's verdict
 * and where its traces are, and the conclusion. Never shows the incident's free text (it may hold anything).
 */
export function formatReproduction(r: Reproduction, files?: RunFiles): string {
  const i = r.incident;
  const out: string[] = [];
  const phone = i.device.kind === "card" ? "My Number Card" : [i.device.kind, i.device.model, i.device.os, i.device.osVersion].filter((s) => s !== undefined).join(" ");
  const shown = [i.shown.code !== undefined ? `code ${i.shown.code}` : undefined, i.shown.words !== undefined ? `「${i.shown.words}」` : undefined].filter((s) => s !== undefined).join(" ");
  out.push(`incident ${i.id ?? "(no id)"}: ${i.facilityType}, ${i.readerModel} + ${i.generalPurposeReader.model} (${i.generalPurposeReader.setUp ? "set up" : "not set up"}), ${phone}; failed at ${i.failedAt}; shown ${shown}`);
  out.push(`seed ${r.seed}`);
  const producing = r.matches.filter((m) => m.canProduce);
  if (producing.length === 0) {
    out.push("", "no catalogue entry shows the reported code or words: the incident cannot be reproduced from the catalogue.");
    out.push(`nearest entries (by the other fields and the closest words):`);
    for (const m of r.matches.slice(0, NEAREST)) out.push(`  ${m.entry.id.padEnd(40)} score ${m.score.toFixed(2).padStart(6)}  ${m.why.join("; ")}`);
    out.push("", "→ NOT REPRODUCED: add a catalogue entry for it (scenarios/catalogue/README.md), or check the words reported.");
    return `${out.join("\n")}\n`;
  }
  out.push("", "entries that can produce it (best first):");
  for (const m of producing.slice(0, NEAREST)) out.push(`  ${m.entry.id.padEnd(40)} score ${m.score.toFixed(2).padStart(6)}  ${m.why.join("; ")}`);
  out.push("", `ran ${r.runs.length}:`);
  for (const run of r.runs) {
    const v = run.verdict;
    out.push(`  ${run.reproduced ? "HAPPENED AGAIN " : "DID NOT HAPPEN "} ${v.id}  (${v.observed.screens.join(" → ") || "no screens"})`);
    if (run.changes.length > 0) out.push(`      set in the incident's circumstances: ${run.changes.join("; ")}`);
    if (v.observed.guidance.length > 0) out.push(`      guidance shown: ${v.observed.guidance.map((g) => `「${g}」`).join(", ")}`);
    if (!run.reproduced) out.push(`      differs from the entry's outcome: ${v.differences.join("; ")}`);
    out.push(`      normalized trace sha256 ${run.normalizedTraceSha256} (${run.normalizedTrace.split("\n").length - 2} lines)`);
    const f = files?.get(v.id);
    if (f) out.push(`      ${f.normalized}`, `      ${f.pcapng}  (${WIRESHARK_HINT.replace("TRACE.pcapng", f.pcapng)})`);
  }
  out.push("", r.reproduced ? "→ REPRODUCED: the reported error happened again." : "→ NOT REPRODUCED: the matching entries ran, but the reported error did not happen again.");
  return `${out.join("\n")}\n`;
}
